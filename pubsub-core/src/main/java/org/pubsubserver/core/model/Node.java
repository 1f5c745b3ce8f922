package org.pubsubserver.core.model;

import java.time.Instant;
import java.util.Objects;
import org.xmpp.packet.JID;

/** A leaf node as stored: {@code id} is the store's key, {@code name} the XEP-0060 NodeID. */
public record Node(long id, String name, JID creator, Instant created, NodeConfig config) {
    public Node {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(creator, "creator");
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(config, "config");
    }
}
