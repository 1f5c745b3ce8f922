package org.pubsubserver.core.usecase;

import java.util.Objects;
import org.pubsubserver.core.model.NodeConfig;
import org.xmpp.packet.JID;

/** What the use cases need to know about the service: its address and the configuration new nodes get. */
public record EngineSettings(JID serviceJid, NodeConfig defaultNodeConfig) {
    public EngineSettings {
        Objects.requireNonNull(serviceJid, "serviceJid");
        Objects.requireNonNull(defaultNodeConfig, "defaultNodeConfig");
    }
}
