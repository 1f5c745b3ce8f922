package org.pubsubserver.core.usecase;

import java.util.List;
import java.util.Objects;
import org.pubsubserver.core.error.PubSubException;
import org.pubsubserver.core.event.CollectionSubscribers;
import org.pubsubserver.core.event.EventSink;
import org.pubsubserver.core.event.NodePurged;
import org.pubsubserver.core.model.Node;
import org.pubsubserver.core.model.Subscription;
import org.xmpp.packet.JID;

/** XEP-0060 §8.5: an owner (or a publisher, §4.1) removes all of a node's items; the subscribers are told (§8.5.2). */
public final class PurgeNode {
    public record Request(JID requester, String node) {
        public Request {
            Objects.requireNonNull(requester, "requester");
            Objects.requireNonNull(node, "node");
        }
    }

    private final UseCaseContext context;

    public PurgeNode(UseCaseContext context) {
        this.context = context;
    }

    public Void execute(Request request, EventSink events) {
        Node node = context.requireNode(request.node());
        context.access().requirePurger(node, request.requester()); // §8.5.3.1, §4.1: owners and publishers
        if (!node.config().persistItems() || node.isCollection()) {
            throw PubSubException.unsupported("persistent-items"); // §8.5.3.3 (a collection holds no items)
        }
        List<Subscription> subscribers = context.activeSubscriptions(node);
        // XEP-0248 §subscribe: the items subscribers of the collections above hear of it too
        List<CollectionSubscribers> collections = Hierarchy.itemSubscribers(context, node, subscribers);
        context.store().purgeItems(node);
        events.emit(new NodePurged(node, subscribers, context.store().streamPosition(node).removed(), collections));
        return null;
    }
}
