package org.pubsubserver.core.event;

import java.util.List;
import org.pubsubserver.core.model.Node;
import org.pubsubserver.core.model.Subscription;

/**
 * All items of a node were purged (XEP-0060 §8.5); {@code sequence} is the purge's place in the node's sequence;
 * {@code collections}: the collections above the node and their subscribers to be told (XEP-0248 §subscribe).
 */
public record NodePurged(Node node, List<Subscription> subscribers, long sequence,
                         List<CollectionSubscribers> collections) implements PubSubEvent {
    public NodePurged {
        subscribers = List.copyOf(subscribers);
        collections = List.copyOf(collections);
    }

    /** Of a node with no collection above it whose subscribers are told. */
    public NodePurged(Node node, List<Subscription> subscribers, long sequence) {
        this(node, subscribers, sequence, List.of());
    }

    @Override
    public <R> R accept(EventVisitor<R> visitor) {
        return visitor.nodePurged(this);
    }
}
