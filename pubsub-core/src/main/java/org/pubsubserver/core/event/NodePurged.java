package org.pubsubserver.core.event;

import java.util.List;
import org.pubsubserver.core.model.Node;
import org.pubsubserver.core.model.Subscription;

/** All items of a node were purged (XEP-0060 §8.5). */
public record NodePurged(Node node, List<Subscription> subscribers) implements PubSubEvent {
    public NodePurged {
        subscribers = List.copyOf(subscribers);
    }
}
