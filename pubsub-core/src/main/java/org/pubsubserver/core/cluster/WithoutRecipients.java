package org.pubsubserver.core.cluster;

import java.util.List;
import org.pubsubserver.core.event.AffiliationChanged;
import org.pubsubserver.core.event.CollectionChanged;
import org.pubsubserver.core.event.CollectionSubscribers;
import org.pubsubserver.core.event.EventVisitor;
import org.pubsubserver.core.event.ItemsPublished;
import org.pubsubserver.core.event.ItemsRetracted;
import org.pubsubserver.core.event.NodeConfigured;
import org.pubsubserver.core.event.NodeDeleted;
import org.pubsubserver.core.event.NodePurged;
import org.pubsubserver.core.event.PubSubEvent;
import org.pubsubserver.core.event.Subscribed;
import org.pubsubserver.core.event.SubscriptionChanged;
import org.pubsubserver.core.event.SubscriptionRequested;

/**
 * An event as it crosses to other instances: without the node's subscribers that it carries for the XMPP
 * notifications, which leave only from the instance that committed it (a node may have 100,000 of them).
 */
public final class WithoutRecipients implements EventVisitor<PubSubEvent> {

    /** Stateless: one serves every event. */
    private static final WithoutRecipients VISITOR = new WithoutRecipients();

    private WithoutRecipients() {
    }

    public static PubSubEvent of(PubSubEvent event) {
        return event.accept(VISITOR);
    }

    @Override
    public PubSubEvent itemsPublished(ItemsPublished event) {
        // the collections above the node cross (a stream of a collection on another instance needs them), their
        // subscribers do not
        return new ItemsPublished(event.node(), event.items(), List.of(),
                withoutSubscribers(event.collections()));
    }

    private static List<CollectionSubscribers> withoutSubscribers(List<CollectionSubscribers> collections) {
        return collections.stream().map(CollectionSubscribers::withoutSubscribers).toList();
    }

    @Override
    public PubSubEvent itemsRetracted(ItemsRetracted event) {
        return new ItemsRetracted(event.node(), event.itemIds(), List.of(), event.notifySubscribers(), event.sequence(),
                withoutSubscribers(event.collections()));
    }

    @Override
    public PubSubEvent nodePurged(NodePurged event) {
        return new NodePurged(event.node(), List.of(), event.sequence(), withoutSubscribers(event.collections()));
    }

    @Override
    public PubSubEvent nodeDeleted(NodeDeleted event) {
        return new NodeDeleted(event.node(), List.of(), event.redirect());
    }

    @Override
    public PubSubEvent nodeConfigured(NodeConfigured event) {
        return new NodeConfigured(event.node(), List.of(), event.notifySubscribers());
    }

    @Override
    public PubSubEvent subscribed(Subscribed event) {
        return event;
    }

    @Override
    public PubSubEvent subscriptionRequested(SubscriptionRequested event) {
        return new SubscriptionRequested(event.node(), event.pending(), List.of());
    }

    @Override
    public PubSubEvent subscriptionChanged(SubscriptionChanged event) {
        return new SubscriptionChanged(event.node(), event.subscription(), event.tellSubscriber(), List.of());
    }

    @Override
    public PubSubEvent collectionChanged(CollectionChanged event) {
        return new CollectionChanged(event.node(), event.child(), event.change(), event.collection(), List.of());
    }

    @Override
    public PubSubEvent affiliationChanged(AffiliationChanged event) {
        return event;
    }
}
