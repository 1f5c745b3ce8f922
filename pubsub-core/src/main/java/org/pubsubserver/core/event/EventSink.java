package org.pubsubserver.core.event;

/** Where a use case puts the events of what it committed. */
@FunctionalInterface
public interface EventSink {
    void emit(PubSubEvent event);
}
