package org.pubsubserver.core.usecase;

import java.util.List;
import org.pubsubserver.core.event.EventSink;
import org.pubsubserver.core.event.Subscribed;
import org.pubsubserver.core.event.SubscriptionChanged;
import org.pubsubserver.core.model.Node;
import org.pubsubserver.core.model.Subscription;
import org.pubsubserver.core.model.SubscriptionState;

/** Subscription changes several use cases make alike: each one told to the subscriber (§13.14). */
final class Subscriptions {
    private Subscriptions() {
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
        for (Subscription subscription : subscriptions) {
            context.store().removeSubscriptions(node, subscription.jid(), subscription.subId());
            events.emit(new SubscriptionChanged(node, ended(subscription)));
        }
    }

    /**
     * Approves a pending subscription (§8.6, §8.8.2, §8.9.2): it becomes subscribed, the subscriber is told,
     * and gets the last item where send_last_published_item asks for it.
     */
    static Subscription approve(UseCaseContext context, Node node, Subscription pending, EventSink events) {
        context.store().setSubscriptionState(node, pending.subId(), SubscriptionState.SUBSCRIBED);
        Subscription approved = withState(pending, SubscriptionState.SUBSCRIBED);
        events.emit(new SubscriptionChanged(node, approved));
        events.emit(new Subscribed(node, approved, Subscribe.lastItemFor(context, node)));
        return approved;
    }
}
