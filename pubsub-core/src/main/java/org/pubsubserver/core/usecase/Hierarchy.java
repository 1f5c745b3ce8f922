package org.pubsubserver.core.usecase;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.pubsubserver.core.config.SubscriptionOptionField;
import org.pubsubserver.core.error.PubSubCondition;
import org.pubsubserver.core.error.PubSubException;
import org.pubsubserver.core.error.StanzaCondition;
import org.pubsubserver.core.event.CollectionChanged;
import org.pubsubserver.core.event.CollectionSubscribers;
import org.pubsubserver.core.event.EventSink;
import org.pubsubserver.core.model.Affiliation;
import org.pubsubserver.core.model.Node;
import org.pubsubserver.core.model.Subscription;
import org.pubsubserver.core.model.SubscriptionState;
import org.xmpp.packet.JID;

/**
 * Collection nodes (XEP-0248): who is above a node, who of the collections' subscribers is told of what happens
 * below, and the rules of association. A node has one parent at most (no {@code pubsub#multi-collections}), so the
 * nodes above one form a chain; every walk up it stops after {@link #MAX_DEPTH} collections, so even a cycle that
 * two concurrent associations on different lanes could make (each checked against the other's state before its
 * commit) costs a bounded walk, never a loop.
 *
 * <p>Reads across lanes: a leaf's lane reads its collections and their subscriptions through the store, as any
 * read (cached nodes and subscriptions are invalidated by their writes; on a shared store checked against the
 * node's version), so it sees what was committed; a subscribe to the collection on the collection's own lane at
 * the same moment may or may not be seen by a publish below it, as two requests to two nodes have no order. Nothing
 * here writes to another node than the one whose lane it runs on, except a child's parent column (see
 * {@link ConfigureNode}, {@link DeleteNode}).
 */
final class Hierarchy {
    /** The most levels of collections followed above a node. */
    static final int MAX_DEPTH = SubscriptionOptionField.MAX_DEPTH;

    private Hierarchy() {
    }

    /** The collections above the node, nearest first: at most {@link #MAX_DEPTH}; none for a node below the root. */
    static List<Node> ancestors(UseCaseContext context, Node node) {
        if (node.parent() == null) {
            return List.of(); // the common case: no read at all
        }
        List<Node> above = new ArrayList<>();
        String next = node.parent();
        while (next != null && above.size() < MAX_DEPTH) {
            Optional<Node> parent = context.store().findNode(next);
            if (parent.isEmpty() || parent.get().name().equals(node.name())) {
                break;
            }
            above.add(parent.get());
            next = parent.get().parent();
        }
        return above;
    }

    /**
     * §notify-items, §security-access: for items published in {@code leaf}, each collection above it with its
     * subscriptions of type items (or all) whose depth reaches the leaf and whose subscriber may read the leaf (the
     * leaf's own access model, with {@code leafSubscribers} for "authorize").
     */
    static List<CollectionSubscribers> itemSubscribers(UseCaseContext context, Node leaf,
                                                       List<Subscription> leafSubscribers) {
        List<Node> above = ancestors(context, leaf);
        if (above.isEmpty()) {
            return List.of();
        }
        List<CollectionSubscribers> told = new ArrayList<>(above.size());
        for (int i = 0; i < above.size(); i++) {
            int depth = i + 1;
            List<Subscription> reaching = new ArrayList<>();
            for (Subscription subscription : subscriptions(context, above.get(i))) {
                if (subscription.options().itemsOfCollection() && subscription.options().depth() >= depth
                        && context.access().mayRead(leaf, subscription.jid(), () -> leafSubscribers)) {
                    reaching.add(subscription);
                }
            }
            told.add(new CollectionSubscribers(above.get(i).name(), depth, reaching));
        }
        return told;
    }

    /**
     * §notify-associate-dissociate, §notify: {@code child} was created in, associated with or dissociated from
     * {@code collection}: its subscriptions of type nodes (or all) are told, and those of the collections above it
     * whose depth reaches the child.
     */
    static void tellNodes(UseCaseContext context, Node collection, String child, CollectionChanged.Change change,
                          EventSink events) {
        List<Node> reached = new ArrayList<>();
        reached.add(collection);
        reached.addAll(ancestors(context, collection));
        for (int i = 0; i < reached.size(); i++) {
            int depth = i + 1;
            List<Subscription> told = subscriptions(context, reached.get(i)).stream()
                    .filter(s -> s.options().nodesOfCollection() && s.options().depth() >= depth).toList();
            // the collection's own event goes out even with no one to tell over XMPP: its SSE streams end on it, so
            // that their readers reconnect to the leaves it now has
            if (!told.isEmpty() || i == 0) {
                events.emit(new CollectionChanged(collection, child, change, reached.get(i).name(), told));
            }
        }
    }

    /** A collection's subscribed subscriptions whose lease has not ended; read only (another lane may own it). */
    private static List<Subscription> subscriptions(UseCaseContext context, Node collection) {
        Instant now = context.clock().instant();
        return context.store().subscriptions(collection).stream()
                .filter(s -> s.state() == SubscriptionState.SUBSCRIBED && !s.options().expiredAt(now)).toList();
    }

    /**
     * The collection {@code parent} that {@code child} (named; it may not exist yet) is to be associated with, checked:
     * it exists (item-not-found), is a collection (§error-children-on-leaf), the requester may associate nodes with it
     * (children_association_policy, §error-config-not-authorized), it has room (children_max, §error-max-children)
     * and the association makes no cycle (§error-collection-cycle).
     */
    static Node requireMayAssociate(UseCaseContext context, String parent, String child, JID requester) {
        Node collection = context.store().findNode(parent)
                .orElseThrow(() -> PubSubException.nodeNotFound(parent));
        if (!collection.isCollection()) {
            throw PubSubException.of(StanzaCondition.NOT_ALLOWED, PubSubCondition.INVALID_OPTIONS,
                    parent + " is a leaf: a leaf has no children (XEP-0248 §error-children-on-leaf)");
        }
        requireMayAssociate(context, collection, requester);
        if (parent.equals(child) || ancestors(context, collection).stream().anyMatch(n -> n.name().equals(child))) {
            throw PubSubException.of(StanzaCondition.NOT_ALLOWED, PubSubCondition.INVALID_OPTIONS,
                    "associating " + child + " with " + parent + " would make a cycle (XEP-0248 §error-collection-cycle)");
        }
        if (ancestors(context, collection).size() >= MAX_DEPTH - 1) {
            throw PubSubException.of(StanzaCondition.NOT_ALLOWED, PubSubCondition.INVALID_OPTIONS,
                    "collections nest at most " + MAX_DEPTH + " deep");
        }
        requireRoom(context, collection, 1);
        return collection;
    }

    /** children_association_policy (§error-assoc-auth): owners (and admins), the whitelist, or all. */
    static void requireMayAssociate(UseCaseContext context, Node collection, JID requester) {
        if (context.access().isAdmin(requester)
                || context.access().affiliation(collection, requester) == Affiliation.OWNER) {
            return;
        }
        boolean allowed = switch (collection.config().childrenAssociationPolicy()) {
            case "all" -> context.access().affiliation(collection, requester) != Affiliation.OUTCAST;
            case "whitelist" -> collection.config().childrenAssociationWhitelist().contains(requester.toBareJID());
            default -> false;
        };
        if (!allowed) {
            throw PubSubException.of(StanzaCondition.FORBIDDEN, requester.toBareJID()
                    + " may not associate nodes with " + collection.name() + " (XEP-0248 §error-config-not-authorized)");
        }
    }

    /** §error-max-children: the collection may take {@code adding} more children under its children_max. */
    static void requireRoom(UseCaseContext context, Node collection, int adding) {
        int now = context.store().children(collection.name()).size();
        if (now + adding > collection.config().childrenMax()) {
            throw PubSubException.of(StanzaCondition.NOT_ALLOWED, PubSubCondition.MAX_NODES_EXCEEDED,
                    collection.name() + " has " + now + " children; its pubsub#children_max is "
                            + collection.config().childrenMax() + " (XEP-0248 §error-max-children)");
        }
    }
}
