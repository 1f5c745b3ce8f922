package org.pubsubserver.core.usecase;

import java.util.List;
import java.util.Objects;
import org.pubsubserver.core.error.PubSubCondition;
import org.pubsubserver.core.error.PubSubException;
import org.pubsubserver.core.error.StanzaCondition;
import org.pubsubserver.core.model.Node;
import org.pubsubserver.core.model.Subscription;
import org.pubsubserver.core.event.EventSink;
import org.xmpp.packet.JID;

/**
 * XEP-0060 §6.2: cancel a subscription ({@code subId} null: the JID's only one; with several, §6.2.3.1
 * asks for the subid). Returns the ended subscription, with state none, for the IQ result (§6.2.2).
 */
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

    public Subscription execute(Request request, EventSink events) {
        Node node = context.requireNode(request.node());
        if (!request.jid().toBareJID().equals(request.requester().toBareJID())
                && !context.access().isAdmin(request.requester())) {
            // §6.2.3.3: insufficient privileges (an admin may unsubscribe anyone, as it may subscribe anyone)
            throw PubSubException.of(StanzaCondition.FORBIDDEN, "only the subscriber may unsubscribe itself");
        }
        List<Subscription> own = context.activeSubscriptions(node).stream()
                .filter(s -> s.jid().equals(request.jid())).toList();
        if (own.isEmpty()) {
            // §6.2.3.2: no such subscriber
            throw PubSubException.of(StanzaCondition.UNEXPECTED_REQUEST, PubSubCondition.NOT_SUBSCRIBED,
                    request.jid() + " is not subscribed to " + node.name());
        }
        if (request.subId() != null && own.stream().noneMatch(s -> s.subId().equals(request.subId()))) {
            // §6.2.3.5: bad subscription id
            throw PubSubException.of(StanzaCondition.NOT_ACCEPTABLE, PubSubCondition.INVALID_SUBID,
                    "no subscription " + request.subId() + " of " + request.jid());
        }
        if (request.subId() == null && own.size() > 1) {
            // §6.2.3.1: several subscriptions and no subid
            throw PubSubException.of(StanzaCondition.BAD_REQUEST, PubSubCondition.SUBID_REQUIRED,
                    request.jid() + " has several subscriptions to " + node.name() + "; name one by subid");
        }
        context.store().removeSubscriptions(node, request.jid(), request.subId());
        // §6.2.2: the IQ result tells the subscriber its subscription is none; a message saying it again
        // (§13.14) goes only where someone else (an admin) unsubscribed it. Owners are told per notify_sub.
        boolean tellSubscriber = !request.requester().toBareJID().equals(request.jid().toBareJID());
        Subscription ended = SubscriptionChanges.ended(request.subId() == null ? own.get(0)
                : own.stream().filter(s -> s.subId().equals(request.subId())).findFirst().orElseThrow());
        events.emit(SubscriptionChanges.changed(context, node, ended, tellSubscriber));
        return ended;
    }
}
