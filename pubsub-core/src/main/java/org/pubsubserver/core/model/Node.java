package org.pubsubserver.core.model;

import java.time.Instant;
import java.util.Objects;
import org.xmpp.packet.JID;

/**
 * A node as stored: {@code id} is the store's key, {@code name} the XEP-0060 NodeID; {@code parent} is the name of
 * the collection it belongs to (XEP-0248), null for a node directly below the root. A node has one parent at most:
 * the service does not offer {@code pubsub#multi-collections}.
 */
public record Node(long id, String name, JID creator, Instant created, NodeConfig config, String parent) {
    public Node {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(creator, "creator");
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(config, "config");
    }

    /** A node directly below the root (no parent collection). */
    public Node(long id, String name, JID creator, Instant created, NodeConfig config) {
        this(id, name, creator, created, config, null);
    }

    /** Whether it is a collection (XEP-0248): it holds nodes, never items. */
    public boolean isCollection() {
        return config.isCollection();
    }

    public Node withConfig(NodeConfig changed) {
        return new Node(id, name, creator, created, changed, parent);
    }

    public Node withParent(String changed) {
        return new Node(id, name, creator, created, config, changed);
    }
}
