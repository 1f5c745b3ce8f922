package org.pubsubserver.core.event;

import java.util.List;
import org.pubsubserver.core.model.Node;
import org.pubsubserver.core.model.Subscription;

/** All items of a node were purged (XEP-0060 §8.5); {@code sequence} is the purge's place in the node's sequence. */
public record NodePurged(Node node, List<Subscription> subscribers, long sequence) implements PubSubEvent {
    public NodePurged {
        subscribers = List.copyOf(subscribers);
    }

    @Override
    public <R> R accept(EventVisitor<R> visitor) {
        return visitor.nodePurged(this);
    }
}
