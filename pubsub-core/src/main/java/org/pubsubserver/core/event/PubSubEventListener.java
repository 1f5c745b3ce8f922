package org.pubsubserver.core.event;

/**
 * Receives events on the engine lane that committed them. Implementations must not block: they hand
 * work to their own I/O threads (a Netty channel write is fine).
 */
@FunctionalInterface
public interface PubSubEventListener {
    void onEvent(PubSubEvent event);
}
