package org.pubsubserver.core.usecase;

import java.util.List;
import org.pubsubserver.core.event.EventSink;
import org.pubsubserver.core.event.Subscribed;
import org.pubsubserver.core.event.SubscriptionChanged;
import org.pubsubserver.core.model.Node;
import org.pubsubserver.core.model.Subscription;
import org.pubsubserver.core.model.SubscriptionState;
import org.xmpp.packet.JID;

/**
 * Subscription changes several use cases make alike: each one told to the subscriber (§13.14), and to the
 * owners where the node has notify_sub.
 */
final class SubscriptionChanges {
    private SubscriptionChanges() {
    }

    /** The event of a change; the owners are listed when the node's notify_sub asks for it. */
    static SubscriptionChanged changed(UseCaseContext context, Node node, Subscription subscription,
                                       boolean tellSubscriber) {
        List<JID> owners = node.config().notifySub() ? context.access().owners(node) : List.of();
        return new SubscriptionChanged(node, subscription, tellSubscriber, owners);
    }

    /** The subscription as it is told after it ended: state none. */
    static Subscription ended(Subscription subscription) {
        return withState(subscription, SubscriptionState.NONE);
    }

    static Subscription withState(Subscription subscription, SubscriptionState state) {
        return new Subscription(subscription.node(), subscription.jid(), subscription.subId(), state,
                subscription.options());
    }

    /** Removes the subscriptions and tells each subscriber its subscription is now none. */
    static void end(UseCaseContext context, Node node, List<Subscription> subscriptions, EventSink events) {
        end(context, node, subscriptions, true, events);
    }

    /** Removes the subscriptions; tells each subscriber when {@code tellSubscribers}, and the owners per notify_sub. */
    static void end(UseCaseContext context, Node node, List<Subscription> subscriptions, boolean tellSubscribers,
                    EventSink events) {
        for (Subscription subscription : subscriptions) {
            context.store().removeSubscriptions(node, subscription.jid(), subscription.subId());
            events.emit(changed(context, node, ended(subscription), tellSubscribers));
        }
    }

    /**
     * Approves a pending subscription (§8.6, §8.8.2, §8.9.2): it becomes subscribed, the subscriber is told,
     * and gets the last item where send_last_published_item asks for it.
     */
    static Subscription approve(UseCaseContext context, Node node, Subscription pending, EventSink events) {
        context.store().setSubscriptionState(node, pending.subId(), SubscriptionState.SUBSCRIBED);
        Subscription approved = withState(pending, SubscriptionState.SUBSCRIBED);
        events.emit(changed(context, node, approved, true));
        events.emit(new Subscribed(node, approved, Subscribe.lastItemFor(context, node)));
        return approved;
    }
}
