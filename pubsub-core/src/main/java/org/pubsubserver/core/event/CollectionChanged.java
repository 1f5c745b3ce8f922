package org.pubsubserver.core.event;

import java.util.List;
import java.util.Objects;
import org.pubsubserver.core.model.Node;
import org.pubsubserver.core.model.Subscription;

/**
 * XEP-0248: a node was created in the collection {@code node}, or associated with it, or dissociated from it
 * (§notify-associate-dissociate); {@code child} names that node. {@code subscribers}: the collection's
 * subscriptions of type nodes (or all) at that moment; {@code collection}: which collection the subscribers are
 * subscribed to, for the SHIM {@code Collection} header: the node itself, or an ancestor whose subscriptions reach
 * down to it (subscription_depth).
 */
public record CollectionChanged(Node node, String child, Change change, String collection,
                                List<Subscription> subscribers) implements PubSubEvent {
    /** What happened to the child. */
    public enum Change {
        /** A new node was created in the collection (§notify, a {@code <create/>} notification). */
        CREATED,
        /** An existing node was associated with the collection. */
        ASSOCIATED,
        /** A node was dissociated from the collection (by configuration, or as the collection was deleted). */
        DISSOCIATED
    }

    public CollectionChanged {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(child, "child");
        Objects.requireNonNull(change, "change");
        Objects.requireNonNull(collection, "collection");
        subscribers = List.copyOf(subscribers);
    }

    @Override
    public <R> R accept(EventVisitor<R> visitor) {
        return visitor.collectionChanged(this);
    }
}
