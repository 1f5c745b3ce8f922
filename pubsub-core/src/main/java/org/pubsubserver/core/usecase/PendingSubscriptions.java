package org.pubsubserver.core.usecase;

import java.util.List;
import java.util.Objects;
import org.pubsubserver.core.error.PubSubException;
import org.pubsubserver.core.error.StanzaCondition;
import org.pubsubserver.core.event.EventSink;
import org.pubsubserver.core.event.SubscriptionRequested;
import org.pubsubserver.core.model.Node;
import org.pubsubserver.core.model.Subscription;
import org.pubsubserver.core.model.SubscriptionState;
import org.xmpp.packet.JID;

/**
 * XEP-0060 §8.7: pending subscription requests. {@link #nodesWithPending} lists the nodes whose requests
 * the requester may approve that have some waiting (§8.7.2); {@link #resend} asks the requester again,
 * one approval message per pending subscription of a node (§8.7.4).
 */
public final class PendingSubscriptions {
    public record Request(JID requester, String node) {
        public Request {
            Objects.requireNonNull(requester, "requester");
            Objects.requireNonNull(node, "node");
        }
    }

    private final UseCaseContext context;

    public PendingSubscriptions(UseCaseContext context) {
        this.context = context;
    }

    /**
     * The names of the nodes the requester owns (every node for an admin) with pending requests;
     * {@code forbidden} when it owns none (§8.7.3.3). Reads across nodes: runs on the service lane.
     */
    public List<String> nodesWithPending(JID requester) {
        List<String> approvable = context.access().isAdmin(requester) ? context.store().nodeNames()
                : context.access().nodesOwnedBy(requester);
        if (approvable.isEmpty()) {
            throw PubSubException.of(StanzaCondition.FORBIDDEN, requester.toBareJID() + " owns no node");
        }
        return approvable.stream()
                .filter(name -> context.store().findNode(name)
                        .map(node -> context.store().subscriptions(node).stream()
                                .anyMatch(s -> s.state() == SubscriptionState.PENDING))
                        .orElse(false))
                .toList();
    }

    /** Asks the requester (an owner) again about each pending subscription of the node; returns how many. */
    public int resend(Request request, EventSink events) {
        Node node = context.requireOwnedNode(request.node(), request.requester()); // §8.7.3.3, §8.7.3.4
        List<Subscription> pending = context.activeSubscriptions(node).stream()
                .filter(s -> s.state() == SubscriptionState.PENDING)
                .toList();
        for (Subscription subscription : pending) {
            events.emit(new SubscriptionRequested(node, subscription, List.of(request.requester())));
        }
        return pending.size();
    }
}
