package org.pubsubserver.core.usecase;

import java.util.List;
import java.util.Objects;
import org.pubsubserver.core.error.PubSubException;
import org.pubsubserver.core.error.StanzaCondition;
import org.pubsubserver.core.event.EventSink;
import org.pubsubserver.core.model.Node;
import org.pubsubserver.core.model.Subscription;
import org.pubsubserver.core.model.SubscriptionState;
import org.xmpp.packet.JID;

/**
 * XEP-0060 §8.6: an owner answers a subscription request: allowed, the subscription becomes subscribed;
 * denied, it is removed. Either way the subscriber is told (§13.14). The pending subscription is found by
 * its subid, or, where the answer has none, as the subscriber's only pending one.
 */
public final class DecideSubscription {
    public record Request(JID requester, String node, String subId, JID subscriber, boolean allow) {
        public Request {
            Objects.requireNonNull(requester, "requester");
            Objects.requireNonNull(node, "node");
            Objects.requireNonNull(subscriber, "subscriber");
        }
    }

    private final UseCaseContext context;

    public DecideSubscription(UseCaseContext context) {
        this.context = context;
    }

    /** The subscription as it now is (state none when denied). */
    public Subscription execute(Request request, EventSink events) {
        Node node = context.requireOwnedNode(request.node(), request.requester());
        Subscription pending = context.activeSubscriptions(node).stream()
                .filter(s -> s.state() == SubscriptionState.PENDING)
                .filter(s -> s.jid().equals(request.subscriber()))
                .filter(s -> request.subId() == null || s.subId().equals(request.subId()))
                .findFirst()
                .orElseThrow(() -> PubSubException.of(StanzaCondition.ITEM_NOT_FOUND,
                        "no pending subscription of " + request.subscriber() + " to " + node.name()));
        if (request.allow()) {
            return SubscriptionChanges.approve(context, node, pending, events);
        }
        SubscriptionChanges.end(context, node, List.of(pending), events);
        return SubscriptionChanges.ended(pending);
    }
}
