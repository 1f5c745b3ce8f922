package org.pubsubserver.core.usecase;

import java.util.List;
import java.util.Objects;
import org.pubsubserver.core.event.CollectionChanged;
import org.pubsubserver.core.event.EventSink;
import org.pubsubserver.core.event.NodeDeleted;
import org.pubsubserver.core.model.Node;
import org.pubsubserver.core.model.Subscription;
import org.xmpp.packet.JID;

/**
 * XEP-0060 §8.4: an owner deletes a node; its subscribers, pending ones too, are told (§8.4.2), with the redirect if
 * given. A collection's children stay, below the root (XEP-0248 §imple-delete).
 */
public final class DeleteNode {
    /** {@code redirect}: the URI of a node that replaces this one (§8.4.1), or null. */
    public record Request(JID requester, String node, String redirect) {
        public Request {
            Objects.requireNonNull(requester, "requester");
            Objects.requireNonNull(node, "node");
        }

        public Request(JID requester, String node) {
            this(requester, node, null);
        }
    }

    private final UseCaseContext context;

    public DeleteNode(UseCaseContext context) {
        this.context = context;
    }

    public Void execute(Request request, EventSink events) {
        Node node = context.requireOwnedNode(request.node(), request.requester()); // §8.4.3.1
        List<Subscription> subscribers = context.activeSubscriptions(node);
        Node parent = node.parent() == null ? null : context.store().findNode(node.parent()).orElse(null);
        if (node.isCollection()) {
            // XEP-0248 §imple-delete: the children are dissociated (now below the root), not deleted; the collection's
            // nodes subscribers are told of each, and its streams end (their readers then find it gone)
            for (String child : context.store().children(node.name())) {
                context.store().findNode(child).ifPresent(found -> {
                    context.store().setParent(found, null);
                    Hierarchy.tellNodes(context, node, child, CollectionChanged.Change.DISSOCIATED, events);
                });
            }
        }
        context.store().deleteNode(node, request.redirect());
        events.emit(new NodeDeleted(node, subscribers, request.redirect()));
        if (parent != null) {
            // the node leaves its collection: the collection's nodes subscribers are told
            Hierarchy.tellNodes(context, parent, node.name(), CollectionChanged.Change.DISSOCIATED, events);
        }
        return null;
    }
}
