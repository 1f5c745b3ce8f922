package org.pubsubserver.core.usecase;

import java.util.Objects;
import org.pubsubserver.core.error.PubSubCondition;
import org.pubsubserver.core.error.PubSubException;
import org.pubsubserver.core.error.StanzaCondition;
import org.pubsubserver.core.model.Node;
import org.xmpp.packet.JID;

/** XEP-0060 §6.2: cancel a subscription ({@code subId} null: all of the JID's subscriptions to the node). */
public final class Unsubscribe {
    public record Request(JID requester, String node, JID jid, String subId) {
        public Request {
            Objects.requireNonNull(requester, "requester");
            Objects.requireNonNull(node, "node");
            Objects.requireNonNull(jid, "jid");
        }
    }

    private final UseCaseContext context;

    public Unsubscribe(UseCaseContext context) {
        this.context = context;
    }

    public Void execute(Request request) {
        Node node = context.requireNode(request.node());
        if (!request.jid().toBareJID().equals(request.requester().toBareJID())) {
            // §6.2.3.3: insufficient privileges
            throw PubSubException.of(StanzaCondition.FORBIDDEN, "only the subscriber may unsubscribe itself");
        }
        if (context.store().removeSubscriptions(node, request.jid(), request.subId()) == 0) {
            // §6.2.3.2 (no such subscriber) and §6.2.3.5 (bad subid, treated alike here)
            throw PubSubException.of(StanzaCondition.UNEXPECTED_REQUEST, PubSubCondition.NOT_SUBSCRIBED,
                    request.jid() + " is not subscribed to " + node.name());
        }
        return null;
    }
}
