package org.pubsubserver.core.event;

import java.util.List;
import org.pubsubserver.core.model.Node;
import org.pubsubserver.core.model.Subscription;

/** A node was deleted; {@code subscribers} are the subscriptions it had. */
public record NodeDeleted(Node node, List<Subscription> subscribers) implements PubSubEvent {
    public NodeDeleted {
        subscribers = List.copyOf(subscribers);
    }
}
