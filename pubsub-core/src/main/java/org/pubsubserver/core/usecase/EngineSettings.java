package org.pubsubserver.core.usecase;

import java.util.Objects;
import org.pubsubserver.core.access.ServicePolicy;
import org.pubsubserver.core.model.NodeConfig;

/** What the use cases need to know about the service: the configuration new nodes get, and its policy. */
public record EngineSettings(NodeConfig defaultNodeConfig, ServicePolicy policy) {
    public EngineSettings {
        Objects.requireNonNull(defaultNodeConfig, "defaultNodeConfig");
        Objects.requireNonNull(policy, "policy");
    }

    /** No admins, anyone may create nodes, no limits. */
    public EngineSettings(NodeConfig defaultNodeConfig) {
        this(defaultNodeConfig, ServicePolicy.open());
    }
}
