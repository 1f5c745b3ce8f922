package org.pubsubserver.core.event;

import org.pubsubserver.core.model.Item;
import org.pubsubserver.core.model.Node;
import org.pubsubserver.core.model.Subscription;

/**
 * A subscription request succeeded (XEP-0060 §6.1.2). {@code lastItem} is the item to send the subscriber
 * now (§6.1.7, send_last_published_item = on_sub), or null.
 */
public record Subscribed(Node node, Subscription subscription, Item lastItem) implements PubSubEvent {
    @Override
    public <R> R accept(EventVisitor<R> visitor) {
        return visitor.subscribed(this);
    }
}
