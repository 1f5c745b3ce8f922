package org.pubsubserver.core.usecase;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.pubsubserver.core.access.AccessControl;
import org.pubsubserver.core.error.PubSubException;
import org.pubsubserver.core.model.Node;
import org.pubsubserver.core.model.Subscription;
import org.pubsubserver.core.store.NodeStore;
import org.xmpp.packet.JID;

/** The collaborators every use case works with. Runs on an engine lane. */
public final class UseCaseContext {
    private final NodeStore store;
    private final Clock clock;
    private final EngineSettings settings;
    private final AccessControl access;

    public UseCaseContext(NodeStore store, Clock clock, EngineSettings settings) {
        this.store = store;
        this.clock = clock;
        this.settings = settings;
        this.access = new AccessControl(store, settings.policy(), settings.rosters());
    }

    public NodeStore store() {
        return store;
    }

    public Clock clock() {
        return clock;
    }

    public EngineSettings settings() {
        return settings;
    }

    /** Who may do what (XEP-0060 §4.1 with the access and publish models). */
    public AccessControl access() {
        return access;
    }

    /**
     * The node, or {@code item-not-found} (XEP-0060 §6.1.3.12, §6.5.9.11, §7.1.3.3, §8.4.3.3), or, where it was
     * deleted with a redirect, {@code gone} with the new address (§6.1.3.11).
     */
    public Node requireNode(String name) {
        return store.findNode(name).orElseThrow(() -> store.redirectOf(name)
                .map(uri -> PubSubException.nodeMoved(name, uri))
                .orElseGet(() -> PubSubException.nodeNotFound(name)));
    }

    /** The node, if the requester owns it (or is an admin); else {@code forbidden} (§8.2.3.2, §8.4.3.1, §8.8, §8.9). */
    public Node requireOwnedNode(String name, JID requester) {
        Node node = requireNode(name);
        access.requireOwner(node, requester);
        return node;
    }

    /**
     * The node, with its items older than item_expire removed first, for use cases that read or count items:
     * an expired item is never seen.
     */
    public Node requireNodeWithoutExpiredItems(String name) {
        Node node = requireNode(name);
        removeExpiredItems(node);
        return node;
    }

    /**
     * The node's subscriptions whose lease has not ended (pubsub#expire); ended ones are removed here, so
     * a leased subscription really ends.
     */
    public List<Subscription> activeSubscriptions(Node node) {
        return unexpired(node, store.subscriptions(node));
    }

    /** Of these subscriptions to the node, those whose lease has not ended; ended ones are removed here. */
    public List<Subscription> unexpired(Node node, List<Subscription> subscriptions) {
        Instant now = clock.instant();
        if (subscriptions.stream().noneMatch(subscription -> subscription.options().expiredAt(now))) {
            return subscriptions; // the common case: no copy per publish of what may be a long list
        }
        List<Subscription> active = new ArrayList<>();
        for (Subscription subscription : subscriptions) {
            if (subscription.options().expiredAt(now)) {
                store.removeSubscriptions(node, subscription.jid(), subscription.subId());
            } else {
                active.add(subscription);
            }
        }
        return active;
    }

    /** Removes the node's items older than its item_expire, if it has one. */
    public void removeExpiredItems(Node node) {
        node.config().itemExpiry().ifPresent(expiry -> store.removeItemsPublishedBefore(node, clock.instant().minus(expiry)));
    }
}
