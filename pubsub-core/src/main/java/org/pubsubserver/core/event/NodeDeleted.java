package org.pubsubserver.core.event;

import java.util.List;
import org.pubsubserver.core.model.Node;
import org.pubsubserver.core.model.Subscription;

/**
 * A node was deleted; {@code subscribers} are the subscriptions it had (pending ones included, §8.4.2).
 * {@code redirect} is the URI of the node that replaces it (§8.4.1), or null.
 */
public record NodeDeleted(Node node, List<Subscription> subscribers, String redirect) implements PubSubEvent {
    public NodeDeleted {
        subscribers = List.copyOf(subscribers);
    }

    public NodeDeleted(Node node, List<Subscription> subscribers) {
        this(node, subscribers, null);
    }

    @Override
    public <R> R accept(EventVisitor<R> visitor) {
        return visitor.nodeDeleted(this);
    }
}
