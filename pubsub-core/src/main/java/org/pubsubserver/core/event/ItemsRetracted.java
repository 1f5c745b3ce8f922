package org.pubsubserver.core.event;

import java.util.List;
import org.pubsubserver.core.model.Node;
import org.pubsubserver.core.model.Subscription;

/**
 * Items were deleted from a node (XEP-0060 §7.2), by a retract or pushed out of a full node (§7.1.2.5).
 * {@code notifySubscribers} says whether anyone is to be told, XMPP subscribers and SSE streams alike (a
 * retract's {@code notify}, or the node's notify_retract). {@code sequence} is a told removal's place in the
 * node's sequence (the SSE event id), so a resuming stream knows whether it saw it; 0 for an untold one, which
 * takes no place (see {@link org.pubsubserver.core.model.Removal}). {@code collections}: the collections above the
 * node and their subscribers to be told (XEP-0248 §subscribe: items subscribers hear of retractions too).
 */
public record ItemsRetracted(Node node, List<String> itemIds, List<Subscription> subscribers,
                             boolean notifySubscribers, long sequence, List<CollectionSubscribers> collections)
        implements PubSubEvent {
    public ItemsRetracted {
        itemIds = List.copyOf(itemIds);
        subscribers = List.copyOf(subscribers);
        collections = List.copyOf(collections);
    }

    /** Of a node with no collection above it whose subscribers are told. */
    public ItemsRetracted(Node node, List<String> itemIds, List<Subscription> subscribers, boolean notifySubscribers,
                          long sequence) {
        this(node, itemIds, subscribers, notifySubscribers, sequence, List.of());
    }

    @Override
    public <R> R accept(EventVisitor<R> visitor) {
        return visitor.itemsRetracted(this);
    }
}
