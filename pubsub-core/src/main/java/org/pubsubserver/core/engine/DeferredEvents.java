package org.pubsubserver.core.engine;

import java.util.ArrayList;
import java.util.List;
import org.pubsubserver.core.event.EventBus;
import org.pubsubserver.core.event.EventSink;
import org.pubsubserver.core.event.PubSubEvent;

/**
 * The events of one lane task, held until the task has completed its future (so the requester's reply is
 * on its way first) and then handed to the bus in the order they were committed. One instance per task.
 */
final class DeferredEvents implements EventSink {
    private final EventBus bus;
    private final List<PubSubEvent> pending = new ArrayList<>(2);

    DeferredEvents(EventBus bus) {
        this.bus = bus;
    }

    @Override
    public void emit(PubSubEvent event) {
        pending.add(event);
    }

    void flush() {
        pending.forEach(bus::publish);
        pending.clear();
    }
}
