package org.pubsubserver.core.usecase;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.pubsubserver.core.model.AffiliatedEntity;
import org.pubsubserver.core.model.Affiliation;
import org.pubsubserver.core.model.Item;
import org.pubsubserver.core.model.Node;
import org.pubsubserver.core.model.Subscription;
import org.pubsubserver.core.store.NodeStore;
import org.xmpp.packet.JID;

/**
 * What the service's operator sees and does through the admin listener and {@code bin/pubsub-admin}, beside XEP-0060:
 * every node with its owners and counts, one node in full, and the removal of a node's old items. No access check:
 * only the operator reaches these (in the process, or through the admin listener, which is the operators').
 */
public final class OperatorReports {
    /** One line of the list of nodes. */
    public record NodeSummary(String node, List<JID> owners, int items, int subscriptions) {
        public NodeSummary {
            owners = List.copyOf(owners);
        }
    }

    /** A node in full: its configuration, affiliations, subscriptions, item count and newest items (oldest first). */
    public record NodeDetails(Node node, List<AffiliatedEntity> affiliations, List<Subscription> subscriptions,
                              int itemCount, List<Item> newestItems) {
        public NodeDetails {
            affiliations = List.copyOf(affiliations);
            subscriptions = List.copyOf(subscriptions);
            newestItems = List.copyOf(newestItems);
        }
    }

    private final UseCaseContext context;

    public OperatorReports(UseCaseContext context) {
        this.context = context;
    }

    /** Every node, sorted by name. Reads each node's counts: for the admin command, not for a hot path. */
    public List<NodeSummary> summaries() {
        NodeStore store = context.store();
        List<NodeSummary> all = new ArrayList<>();
        for (String name : store.nodeNames()) {
            store.findNode(name).ifPresent(node -> all.add(new NodeSummary(name, owners(store.affiliations(node)),
                    store.itemCount(node), store.subscriptions(node).size())));
        }
        return all;
    }

    private static List<JID> owners(List<AffiliatedEntity> affiliations) {
        return affiliations.stream().filter(a -> a.affiliation() == Affiliation.OWNER).map(AffiliatedEntity::jid).toList();
    }

    /** The node in full, with at most {@code maxItems} of its newest items; empty when there is no such node. */
    public Optional<NodeDetails> details(String name, int maxItems) {
        NodeStore store = context.store();
        return store.findNode(name).map(node -> new NodeDetails(node, store.affiliations(node), store.subscriptions(node),
                store.itemCount(node), maxItems == 0 ? List.of() : store.items(node, maxItems)));
    }

    /**
     * Removes the node's items published before {@code cutoff}, as item expiry does (untold: subscribers are not
     * notified; an SSE stream resuming from before them is told to reset). Empty when there is no such node, else
     * how many were removed.
     */
    public Optional<Integer> removeItemsPublishedBefore(String name, Instant cutoff) {
        NodeStore store = context.store();
        return store.findNode(name).map(node -> store.removeItemsPublishedBefore(node, cutoff));
    }
}
