package org.pubsubserver.core.engine;

import java.util.ArrayList;
import java.util.List;
import org.pubsubserver.core.event.EventBus;
import org.pubsubserver.core.event.EventSink;
import org.pubsubserver.core.event.PubSubEvent;

/**
 * Holds the events a lane task emits until the task has completed its future (so the requester's reply
 * leaves first), then hands them to the bus in the order they were committed.
 */
final class DeferredEvents implements EventSink {
    private final EventBus bus;
    private final ThreadLocal<List<PubSubEvent>> pending = ThreadLocal.withInitial(ArrayList::new);

    DeferredEvents(EventBus bus) {
        this.bus = bus;
    }

    @Override
    public void emit(PubSubEvent event) {
        pending.get().add(event);
    }

    /** Delivers what the current lane task emitted. */
    void flush() {
        List<PubSubEvent> events = pending.get();
        if (events.isEmpty()) {
            return;
        }
        List<PubSubEvent> batch = List.copyOf(events);
        events.clear();
        batch.forEach(bus::publish);
    }
}
