package org.pubsubserver.core.model;

import java.util.Objects;
import org.xmpp.packet.JID;

/** One subscription of a JID (full or bare, as subscribed) to a node (XEP-0060 §6.1), with its options (§6.3). */
public record Subscription(String node, JID jid, String subId, SubscriptionState state, SubscriptionOptions options) {
    public Subscription {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(jid, "jid");
        Objects.requireNonNull(subId, "subId");
        Objects.requireNonNull(state, "state");
        options = options == null ? SubscriptionOptions.defaults() : options;
    }

    public Subscription(String node, JID jid, String subId, SubscriptionState state) {
        this(node, jid, subId, state, SubscriptionOptions.defaults());
    }
}
