package org.pubsubserver.core.event;

import org.pubsubserver.core.model.Node;
import org.pubsubserver.core.model.Subscription;

/**
 * A subscription's state changed by something other than the subscriber's own subscribe request: approved
 * or denied by an owner (§8.6), changed or removed by an owner (§8.8), ended by an affiliation change or
 * an unsubscribe. {@code subscription} carries the new state ({@code none} when it was removed); the
 * subscriber is told (XEP-0060 §13.14 "Notification of Subscription State Changes").
 */
public record SubscriptionChanged(Node node, Subscription subscription) implements PubSubEvent {
}
