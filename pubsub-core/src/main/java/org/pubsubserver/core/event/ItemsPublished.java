package org.pubsubserver.core.event;

import java.util.List;
import org.pubsubserver.core.model.Item;
import org.pubsubserver.core.model.Node;
import org.pubsubserver.core.model.Subscription;

/** Items were stored; {@code subscribers} are the node's subscriptions at that moment. */
public record ItemsPublished(Node node, List<Item> items, List<Subscription> subscribers) implements PubSubEvent {
    public ItemsPublished {
        items = List.copyOf(items);
        subscribers = List.copyOf(subscribers);
    }

    @Override
    public <R> R accept(EventVisitor<R> visitor) {
        return visitor.itemsPublished(this);
    }
}
