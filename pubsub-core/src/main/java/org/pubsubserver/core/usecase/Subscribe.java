package org.pubsubserver.core.usecase;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.pubsubserver.core.error.PubSubCondition;
import org.pubsubserver.core.error.PubSubException;
import org.pubsubserver.core.error.StanzaCondition;
import org.pubsubserver.core.event.EventSink;
import org.pubsubserver.core.event.Subscribed;
import org.pubsubserver.core.model.Affiliation;
import org.pubsubserver.core.model.Item;
import org.pubsubserver.core.model.Node;
import org.pubsubserver.core.model.Subscription;
import org.pubsubserver.core.model.SubscriptionOptions;
import org.pubsubserver.core.model.SubscriptionState;
import org.xmpp.packet.JID;

/**
 * XEP-0060 §6.1: subscribe a JID to a node. A JID already subscribed gets its subscription back. With
 * send_last_published_item = on_sub the subscriber is then sent the node's newest item (§6.1.7).
 */
public final class Subscribe {
    /** {@code options}: submitted subscription options (§6.3.7), or null for the defaults. */
    public record Request(JID requester, String node, JID jid, Map<String, String> options) {
        public Request {
            Objects.requireNonNull(requester, "requester");
            Objects.requireNonNull(node, "node");
            Objects.requireNonNull(jid, "jid");
            options = options == null ? null : Map.copyOf(options);
        }

        public Request(JID requester, String node, JID jid) {
            this(requester, node, jid, null);
        }
    }

    /** The subscription, and the node as it is (its configuration decides what the answer shows). */
    public record Result(Node node, Subscription subscription) {
    }

    private final UseCaseContext context;

    public Subscribe(UseCaseContext context) {
        this.context = context;
    }

    public Result execute(Request request, EventSink events) {
        Node node = context.requireNode(request.node());
        if (!node.config().subscriptionsAllowed()) {
            throw PubSubException.unsupported("subscribe"); // §6.1.3.10
        }
        if (!request.jid().toBareJID().equals(request.requester().toBareJID())) {
            // §6.1.3.1: the bare JID to subscribe must match the requester's
            throw PubSubException.of(StanzaCondition.BAD_REQUEST, PubSubCondition.INVALID_JID,
                    "the subscribed JID must be the requester's own");
        }
        if (context.store().affiliation(node, request.jid().asBareJID()) == Affiliation.OUTCAST) {
            // §6.1.3.8: blocked
            throw PubSubException.of(StanzaCondition.FORBIDDEN, "outcasts may not subscribe");
        }
        Subscription subscription;
        if (request.options() != null) {
            // §6.3.7 subscribe and configure: always a subscription of its own (§6.1.6 multiple subscriptions)
            subscription = context.store().addSubscription(node, request.jid(), newSubId(), SubscriptionState.SUBSCRIBED,
                    OptionsForms.apply(node, SubscriptionOptions.defaults(), request.options()));
        } else {
            // a plain repeated request gets the current subscription back, as if it had just been approved
            subscription = context.activeSubscriptions(node).stream()
                    .filter(existing -> existing.jid().equals(request.jid()))
                    .findFirst()
                    .orElseGet(() -> context.store().addSubscription(node, request.jid(), newSubId(),
                            SubscriptionState.SUBSCRIBED, SubscriptionOptions.defaults()));
        }
        Item last = null;
        if (node.config().sendLastItemOnSubscribe() && node.config().persistItems()) {
            context.removeExpiredItems(node);
            List<Item> newest = context.store().items(node, 1);
            last = newest.isEmpty() ? null : newest.get(0);
        }
        events.emit(new Subscribed(node, subscription, last));
        return new Result(node, subscription);
    }

    private static String newSubId() {
        return UUID.randomUUID().toString().replace("-", "");
    }
}
