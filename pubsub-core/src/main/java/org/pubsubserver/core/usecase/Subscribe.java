package org.pubsubserver.core.usecase;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.pubsubserver.core.config.SubscriptionOptionField;
import org.pubsubserver.core.error.PubSubCondition;
import org.pubsubserver.core.error.PubSubException;
import org.pubsubserver.core.error.StanzaCondition;
import org.pubsubserver.core.event.EventSink;
import org.pubsubserver.core.event.Subscribed;
import org.pubsubserver.core.event.SubscriptionRequested;
import org.pubsubserver.core.model.Item;
import org.pubsubserver.core.model.Node;
import org.pubsubserver.core.model.Subscription;
import org.pubsubserver.core.model.SubscriptionOptions;
import org.pubsubserver.core.model.SubscriptionState;
import org.xmpp.packet.JID;

/**
 * XEP-0060 §6.1: subscribe a JID to a node, as its access model and the subscriber's affiliation allow
 * (§6.1.3). The service allows multiple subscriptions (§6.1.6, the multi-subscribe feature): each request
 * makes a new subscription with its own subid, up to {@link #MAX_PER_JID_AND_NODE} per JID and node. Under
 * "authorize" the subscription is pending until an owner approves it (§6.1.4). With
 * send_last_published_item = on_sub the subscriber is then sent the node's newest item (§6.1.7).
 */
public final class Subscribe {
    /** The most subscriptions one JID (as subscribed: bare or full) holds to one node. */
    public static final int MAX_PER_JID_AND_NODE = 16;

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

    private static final SubscriptionOptionField TYPE = SubscriptionOptionField.SUBSCRIPTION_TYPE;

    private final UseCaseContext context;

    public Subscribe(UseCaseContext context) {
        this.context = context;
    }

    public Result execute(Request request, EventSink events) {
        Node node = context.requireNode(request.node());
        if (!node.config().subscriptionsAllowed()) {
            throw PubSubException.unsupported("subscribe"); // §6.1.3.10
        }
        if (!request.jid().toBareJID().equals(request.requester().toBareJID())
                && !context.access().isAdmin(request.requester())) {
            // §6.1.3.1: the bare JID to subscribe must match the requester's, unless an admin asks
            throw PubSubException.of(StanzaCondition.BAD_REQUEST, PubSubCondition.INVALID_JID,
                    "the subscribed JID must be the requester's own");
        }
        context.access().requireMaySubscribe(node, request.jid()); // §6.1.3.2-4, §6.1.3.8
        List<Subscription> own = ownSubscriptions(node, request.jid());
        if (own.stream().anyMatch(existing -> existing.state() == SubscriptionState.PENDING)) {
            throw PubSubException.of(StanzaCondition.NOT_AUTHORIZED, PubSubCondition.PENDING_SUBSCRIPTION,
                    request.jid() + " already waits for approval of a subscription to " + node.name()); // §6.1.3.7
        }
        if (own.size() >= MAX_PER_JID_AND_NODE) {
            // §6.1.3.9: "too many" is the service's policy; each request would otherwise add one more
            throw PubSubException.of(StanzaCondition.POLICY_VIOLATION, PubSubCondition.TOO_MANY_SUBSCRIPTIONS,
                    request.jid() + " holds " + own.size() + " subscriptions to " + node.name()
                            + ", the most one JID may hold to one node; unsubscribe one by its subid first");
        }
        requireBelowSubscriptionLimit(request.jid());
        // §6.1.6 multiple subscriptions: each request makes a subscription of its own, with its own subid
        // (§6.3.7 subscribe and configure as well)
        SubscriptionOptions options = request.options() == null ? SubscriptionOptions.defaults()
                : OptionsForms.apply(node, SubscriptionOptions.defaults(), request.options());
        if (node.isCollection() && own.stream().anyMatch(existing -> existing.options().value(TYPE).equals(
                options.value(TYPE)) && existing.options().depth() != options.depth())) {
            // XEP-0248 §subscribe-errors: a depth of all includes a depth of 1; two such subscriptions are one too many
            throw PubSubException.of(StanzaCondition.CONFLICT, request.jid() + " holds a subscription of type "
                    + options.value(TYPE) + " to " + node.name() + " with another depth");
        }
        if (context.access().needsApproval(node, request.jid())) {
            // §6.1.4: the owners are asked; the subscriber is told it is pending
            Subscription pending = context.store().addSubscription(node, request.jid(), newSubId(),
                    SubscriptionState.PENDING, options);
            events.emit(new SubscriptionRequested(node, pending, context.access().owners(node))); // each is asked (§8.6)
            return new Result(node, pending);
        }
        Subscription subscription = context.store().addSubscription(node, request.jid(), newSubId(),
                SubscriptionState.SUBSCRIBED, options);
        if (node.config().notifySub()) {
            // the subscriber has its answer; the owners are told of the new subscriber (notify_sub)
            events.emit(SubscriptionChanges.changed(context, node, subscription, false));
        }
        events.emit(new Subscribed(node, subscription, lastItemFor(context, node)));
        return new Result(node, subscription);
    }

    /** §6.1.7: the item a new subscriber gets with send_last_published_item on_sub, or null. */
    static Item lastItemFor(UseCaseContext context, Node node) {
        if (!node.config().sendLastItemOnSubscribe() || !node.config().persistItems()) {
            return null;
        }
        context.removeExpiredItems(node);
        List<Item> newest = context.store().items(node, 1);
        return newest.isEmpty() ? null : newest.get(0);
    }

    /** §6.1.3.9: the service's limit on subscriptions per user (by bare JID). */
    private void requireBelowSubscriptionLimit(JID subscriber) {
        int limit = context.access().policy().maxSubscriptionsPerUser();
        if (limit > 0 && context.store().subscriptionsOf(subscriber.asBareJID(), null).size() >= limit) {
            throw PubSubException.of(StanzaCondition.POLICY_VIOLATION, PubSubCondition.TOO_MANY_SUBSCRIPTIONS,
                    subscriber.toBareJID() + " has the most subscriptions allowed per user (" + limit + ")");
        }
    }

    private static String newSubId() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    /**
     * The JID's subscriptions to the node whose lease has not ended, read by its bare JID: not the node's
     * whole list, which may be long and changes with every subscribe.
     */
    private List<Subscription> ownSubscriptions(Node node, JID jid) {
        return context.unexpired(node, context.store().subscriptionsOf(jid.asBareJID(), node.name()).stream()
                .filter(existing -> existing.jid().equals(jid))
                .toList());
    }
}
