package org.pubsubserver.core.engine;

import java.util.ArrayList;
import java.util.List;
import org.pubsubserver.core.cluster.EventTransport;
import org.pubsubserver.core.event.EventBus;
import org.pubsubserver.core.event.EventSink;
import org.pubsubserver.core.event.PubSubEvent;

/**
 * The events of one lane task, held until the task has completed its future (so the requester's reply is
 * on its way first) and then handed to the bus in the order they were committed. One instance per task.
 * Where other instances share the store, each event is also sent to all of them as it is emitted, inside the
 * task's transaction, so that it reaches them if and only if it commits.
 */
final class DeferredEvents implements EventSink {
    private final EventBus bus;
    /** Null when this instance is alone. */
    private final EventTransport transport;
    private final List<PubSubEvent> pending = new ArrayList<>(2);

    DeferredEvents(EventBus bus, EventTransport transport) {
        this.bus = bus;
        this.transport = transport;
    }

    @Override
    public void emit(PubSubEvent event) {
        if (transport != null) {
            transport.send(event);
        }
        pending.add(event);
    }

    void flush() {
        pending.forEach(bus::publish);
        pending.clear();
    }
}
