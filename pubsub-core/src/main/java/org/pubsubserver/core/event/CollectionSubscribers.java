package org.pubsubserver.core.event;

import java.util.List;
import java.util.Objects;
import org.pubsubserver.core.model.Subscription;

/**
 * XEP-0248: a collection above the node an event is about, and those of its subscriptions that are to be told of
 * it (their subscription type and depth reach the node, and they may read it). {@code collection} names the
 * collection, for the SHIM {@code Collection} header (§notify); {@code depth}: 1 for the node's parent, 2 for its
 * parent's parent, and so on. The subscribers do not cross to other instances (see
 * {@link org.pubsubserver.core.cluster.WithoutRecipients}); the collection and depth do.
 */
public record CollectionSubscribers(String collection, int depth, List<Subscription> subscribers) {
    public CollectionSubscribers {
        Objects.requireNonNull(collection, "collection");
        subscribers = List.copyOf(subscribers);
    }

    public CollectionSubscribers withoutSubscribers() {
        return new CollectionSubscribers(collection, depth, List.of());
    }
}
