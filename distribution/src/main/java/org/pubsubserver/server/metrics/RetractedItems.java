package org.pubsubserver.server.metrics;

import java.util.concurrent.atomic.LongAdder;
import org.pubsubserver.core.event.ItemsRetracted;
import org.pubsubserver.core.event.PubSubEvent;
import org.pubsubserver.core.event.PubSubEventListener;

/**
 * Counts the items this instance deleted one by one (an {@link ItemsRetracted} event: retracts, items pushed out of
 * a full node, a publisher's items gone with it under purge_offline), told or not. A purge or a node's delete is not
 * counted here. It counts one kind and has nothing to do with the others, so it asks the type, unlike a surface
 * (which must handle every kind: see {@link org.pubsubserver.core.event.EventVisitor}).
 */
final class RetractedItems implements PubSubEventListener {
    private final LongAdder count = new LongAdder();

    @Override
    public void onEvent(PubSubEvent event) {
        if (event instanceof ItemsRetracted retracted) {
            count.add(retracted.itemIds().size());
        }
    }

    long count() {
        return count.sum();
    }
}
