package org.pubsubserver.core.event;

import org.pubsubserver.core.model.Node;

/** Something that happened to a node, told to listeners after it was committed, in commit order per node. */
public sealed interface PubSubEvent permits AffiliationChanged, ItemsPublished, ItemsRetracted, NodeConfigured, NodeDeleted, NodePurged,
        Subscribed, SubscriptionChanged, SubscriptionRequested {
    Node node();
}
