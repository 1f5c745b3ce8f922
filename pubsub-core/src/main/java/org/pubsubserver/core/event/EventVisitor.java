package org.pubsubserver.core.event;

/**
 * One method per kind of {@link PubSubEvent}: what a surface (XMPP notifications, SSE streams, the wire form)
 * does with each. A new kind of event is a new method here, so every surface that does not handle it yet
 * fails to compile (Java 17 has no exhaustive switch over a sealed type; this is its stand-in).
 */
public interface EventVisitor<R> {
    R itemsPublished(ItemsPublished event);

    R itemsRetracted(ItemsRetracted event);

    R nodePurged(NodePurged event);

    R nodeDeleted(NodeDeleted event);

    R nodeConfigured(NodeConfigured event);

    R subscribed(Subscribed event);

    R subscriptionRequested(SubscriptionRequested event);

    R subscriptionChanged(SubscriptionChanged event);

    R affiliationChanged(AffiliationChanged event);

    R collectionChanged(CollectionChanged event);
}
