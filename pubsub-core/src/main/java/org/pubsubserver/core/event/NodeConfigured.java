package org.pubsubserver.core.event;

import java.util.List;
import org.pubsubserver.core.model.Node;
import org.pubsubserver.core.model.Subscription;

/**
 * A node's configuration changed (XEP-0060 §8.2.5); {@code node} carries the new configuration.
 * {@code notifySubscribers} is the node's notify_config: whether subscribers are told (§8.2.5.3). The
 * event is raised either way, so streams can check whether their readers still have access.
 */
public record NodeConfigured(Node node, List<Subscription> subscribers, boolean notifySubscribers) implements PubSubEvent {
    public NodeConfigured {
        subscribers = List.copyOf(subscribers);
    }

    @Override
    public <R> R accept(EventVisitor<R> visitor) {
        return visitor.nodeConfigured(this);
    }
}
