package org.pubsubserver.core.event;

import org.pubsubserver.core.model.Node;

/**
 * Something that happened to a node, told to listeners after it was committed, in commit order per node.
 * Immutable. A surface turns an event into its output with an {@link EventVisitor} (one method per kind),
 * never by testing the type.
 */
public sealed interface PubSubEvent permits AffiliationChanged, CollectionChanged, ItemsPublished, ItemsRetracted, NodeConfigured, NodeDeleted, NodePurged,
        Subscribed, SubscriptionChanged, SubscriptionRequested {
    Node node();

    /** Calls the visitor's method for this kind of event. */
    <R> R accept(EventVisitor<R> visitor);
}
