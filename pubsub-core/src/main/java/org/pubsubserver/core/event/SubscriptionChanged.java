package org.pubsubserver.core.event;

import java.util.List;
import org.pubsubserver.core.model.Node;
import org.pubsubserver.core.model.Subscription;
import org.xmpp.packet.JID;

/**
 * A subscription's state changed: approved or denied by an owner (§8.6), changed or removed by an owner
 * (§8.8), ended by an affiliation change or an unsubscribe, or made. {@code subscription} carries the new
 * state ({@code none} when it was removed). With {@code tellSubscriber} the subscriber is told (XEP-0060
 * §13.14 "Notification of Subscription State Changes"); {@code owners} are the owners to tell as well
 * (the node's notify_sub), or empty.
 */
public record SubscriptionChanged(Node node, Subscription subscription, boolean tellSubscriber, List<JID> owners)
        implements PubSubEvent {
    public SubscriptionChanged {
        owners = List.copyOf(owners);
    }

    @Override
    public <R> R accept(EventVisitor<R> visitor) {
        return visitor.subscriptionChanged(this);
    }
}
