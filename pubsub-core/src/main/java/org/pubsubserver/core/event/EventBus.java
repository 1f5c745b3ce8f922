package org.pubsubserver.core.event;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Hands each event to every registered listener; a failing listener is logged and does not stop the others. */
public final class EventBus {
    private static final Logger LOG = LoggerFactory.getLogger(EventBus.class);

    private final List<PubSubEventListener> listeners = new CopyOnWriteArrayList<>();

    public void register(PubSubEventListener listener) {
        listeners.add(listener);
    }

    public void unregister(PubSubEventListener listener) {
        listeners.remove(listener);
    }

    public void publish(PubSubEvent event) {
        for (PubSubEventListener listener : listeners) {
            try {
                listener.onEvent(event);
            } catch (RuntimeException e) {
                LOG.error("Event listener {} failed on {} for node {}", listener, event.getClass().getSimpleName(),
                        event.node().name(), e);
            }
        }
    }
}
