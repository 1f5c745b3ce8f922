package org.pubsubserver.core.event;

import java.util.List;
import org.pubsubserver.core.model.Node;
import org.pubsubserver.core.model.Subscription;
import org.xmpp.packet.JID;

/**
 * A subscription waits for an owner's approval (XEP-0060 §6.1.4, access model "authorize"); each of
 * {@code owners} is to be asked with the subscribe_authorization form (§8.6). Also raised when an owner asks
 * for the node's pending requests again (§8.7), then with that owner's address only.
 */
public record SubscriptionRequested(Node node, Subscription pending, List<JID> owners) implements PubSubEvent {
    public SubscriptionRequested {
        owners = List.copyOf(owners);
    }

    @Override
    public <R> R accept(EventVisitor<R> visitor) {
        return visitor.subscriptionRequested(this);
    }
}
