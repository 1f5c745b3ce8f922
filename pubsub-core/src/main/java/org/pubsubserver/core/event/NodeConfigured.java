package org.pubsubserver.core.event;

import java.util.List;
import org.pubsubserver.core.model.Node;
import org.pubsubserver.core.model.Subscription;

/** A node's configuration changed (XEP-0060 §8.2.5); {@code node} carries the new configuration. */
public record NodeConfigured(Node node, List<Subscription> subscribers) implements PubSubEvent {
    public NodeConfigured {
        subscribers = List.copyOf(subscribers);
    }
}
