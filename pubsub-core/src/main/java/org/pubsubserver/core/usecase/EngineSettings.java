package org.pubsubserver.core.usecase;

import java.util.Objects;
import org.pubsubserver.core.access.RosterSource;
import org.pubsubserver.core.access.ServicePolicy;
import org.pubsubserver.core.model.NodeConfig;

/**
 * What the use cases need to know about the service: the configuration new nodes get, its policy,
 * where owners' rosters come from (for the presence and roster access models), and its node archives.
 */
public record EngineSettings(NodeConfig defaultNodeConfig, ServicePolicy policy, RosterSource rosters,
                             ArchiveSettings archive) {
    public EngineSettings {
        Objects.requireNonNull(defaultNodeConfig, "defaultNodeConfig");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(rosters, "rosters");
        Objects.requireNonNull(archive, "archive");
    }

    /** The shipped archive settings. */
    public EngineSettings(NodeConfig defaultNodeConfig, ServicePolicy policy, RosterSource rosters) {
        this(defaultNodeConfig, policy, rosters, ArchiveSettings.DEFAULTS);
    }

    /** No rosters. */
    public EngineSettings(NodeConfig defaultNodeConfig, ServicePolicy policy) {
        this(defaultNodeConfig, policy, RosterSource.NONE);
    }

    /** No admins, anyone may create nodes, no limits, no rosters. */
    public EngineSettings(NodeConfig defaultNodeConfig) {
        this(defaultNodeConfig, ServicePolicy.open());
    }
}
