package org.pubsubserver.core.usecase;

import java.util.Objects;
import org.pubsubserver.core.error.PubSubException;
import org.pubsubserver.core.event.EventSink;
import org.pubsubserver.core.event.NodePurged;
import org.pubsubserver.core.model.Node;
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
        if (!node.config().persistItems()) {
            throw PubSubException.unsupported("persistent-items"); // §8.5.3.3
        }
        context.store().purgeItems(node);
        events.emit(new NodePurged(node, context.activeSubscriptions(node), context.store().streamPosition(node).removed()));
        return null;
    }
}
