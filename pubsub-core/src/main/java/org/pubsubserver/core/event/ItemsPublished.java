package org.pubsubserver.core.event;

import java.util.List;
import org.pubsubserver.core.model.Item;
import org.pubsubserver.core.model.Node;
import org.pubsubserver.core.model.Subscription;

/**
 * Items were stored; {@code subscribers} are the node's subscriptions at that moment; {@code collections} the
 * collections above the node (XEP-0248), nearest first, each with its subscribers to be told (none for a node
 * without a parent).
 */
public record ItemsPublished(Node node, List<Item> items, List<Subscription> subscribers,
                             List<CollectionSubscribers> collections) implements PubSubEvent {
    public ItemsPublished {
        items = List.copyOf(items);
        subscribers = List.copyOf(subscribers);
        collections = List.copyOf(collections);
    }

    public ItemsPublished(Node node, List<Item> items, List<Subscription> subscribers) {
        this(node, items, subscribers, List.of());
    }

    @Override
    public <R> R accept(EventVisitor<R> visitor) {
        return visitor.itemsPublished(this);
    }
}
