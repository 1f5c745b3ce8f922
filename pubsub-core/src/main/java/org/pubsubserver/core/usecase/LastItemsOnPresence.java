package org.pubsubserver.core.usecase;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.pubsubserver.core.model.Item;
import org.pubsubserver.core.model.Node;
import org.pubsubserver.core.model.Subscription;
import org.pubsubserver.core.model.SubscriptionState;
import org.xmpp.packet.JID;

/**
 * send_last_published_item = on_sub_and_presence (XEP-0060 §17.4.4): when a subscriber comes online, the
 * newest item of each node it is subscribed to with that setting, for subscriptions of that full JID or
 * of its bare JID.
 */
public final class LastItemsOnPresence {
    /** One item to send: the node, the subscription it goes to, the item. */
    public record Due(Node node, Subscription subscription, Item item) {
    }

    private final UseCaseContext context;

    public LastItemsOnPresence(UseCaseContext context) {
        this.context = context;
    }

    public List<Due> execute(JID available) {
        Objects.requireNonNull(available, "available");
        List<Due> due = new ArrayList<>();
        var now = context.clock().instant();
        for (Subscription subscription : context.store().subscriptionsOf(available.asBareJID(), null)) {
            boolean forThisResource = subscription.jid().equals(available) || subscription.jid().getResource() == null;
            if (!forThisResource || subscription.state() != SubscriptionState.SUBSCRIBED
                    || subscription.options().expiredAt(now)) {
                continue;
            }
            Node node = context.store().findNode(subscription.node()).orElse(null);
            if (node == null || !node.config().sendLastItemOnPresence() || !node.config().persistItems()) {
                continue;
            }
            // Read only: this runs on the service lane, and a node's items change only on the node's own lane.
            List<Item> newest = context.store().items(node, 1);
            if (!newest.isEmpty() && !expired(node, newest.get(0), now)) {
                due.add(new Due(node, subscription, newest.get(0)));
            }
        }
        return due;
    }

    private static boolean expired(Node node, Item item, Instant now) {
        return node.config().itemExpiry().map(expiry -> item.published().plus(expiry).isBefore(now)).orElse(false);
    }
}
