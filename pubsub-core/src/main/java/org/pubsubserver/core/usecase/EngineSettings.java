package org.pubsubserver.core.usecase;

import java.util.Objects;
import org.pubsubserver.core.model.NodeConfig;

/** What the use cases need to know about the service: the configuration new nodes get. */
public record EngineSettings(NodeConfig defaultNodeConfig) {
    public EngineSettings {
        Objects.requireNonNull(defaultNodeConfig, "defaultNodeConfig");
    }
}
