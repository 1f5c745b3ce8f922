package org.pubsubserver.core.usecase;

import java.util.Objects;
import org.pubsubserver.core.error.PubSubException;
import org.pubsubserver.core.error.StanzaCondition;
import org.pubsubserver.core.event.EventSink;
import org.pubsubserver.core.model.Affiliation;
import org.pubsubserver.core.model.Node;
import org.xmpp.packet.JID;

/**
 * XEP-0248 §associate-node and §dissociate: {@code <collection node='c'><associate node='x'/></collection>} (or
 * dissociate), without the rest of the configuration. Runs on the child's lane (it writes the child's parent).
 * Associating needs the child's ownership and the collection's children_association_policy, and makes no cycle and
 * no more children than children_max (the checks of configuration, {@link Hierarchy#requireMayAssociate}).
 * Dissociating needs the ownership of the child or of the collection, and a child of that collection.
 */
public final class AssociateNode {
    /** {@code associate}: true to associate {@code child} with {@code collection}, false to dissociate it. */
    public record Request(JID requester, String collection, String child, boolean associate) {
        public Request {
            Objects.requireNonNull(requester, "requester");
            Objects.requireNonNull(collection, "collection");
            Objects.requireNonNull(child, "child");
        }
    }

    private final UseCaseContext context;

    public AssociateNode(UseCaseContext context) {
        this.context = context;
    }

    /** The child as it now is. */
    public Node execute(Request request, EventSink events) {
        Node child = context.requireNode(request.child());
        Node collection = context.requireNode(request.collection());
        if (request.associate()) {
            context.access().requireOwner(child, request.requester()); // §error-assoc-auth
            if (request.collection().equals(child.parent())) {
                return child; // already there
            }
            Node target = GraphChanges.checkParent(context, child, request.collection(), request.requester());
            return GraphChanges.setParent(context, child, request.collection(), target, events);
        }
        if (!request.collection().equals(child.parent())) {
            throw PubSubException.of(StanzaCondition.BAD_REQUEST, request.child() + " is not associated with "
                    + request.collection() + " (XEP-0248 §error-dissoc-not-assoc)");
        }
        if (!context.access().isAdmin(request.requester())
                && context.access().affiliation(child, request.requester()) != Affiliation.OWNER
                && context.access().affiliation(collection, request.requester()) != Affiliation.OWNER) {
            throw PubSubException.of(StanzaCondition.FORBIDDEN, request.requester().toBareJID()
                    + " owns neither " + request.child() + " nor " + request.collection() + " (XEP-0248 §error-dissoc-auth)");
        }
        return GraphChanges.setParent(context, child, "", null, events);
    }
}
