package org.pubsubserver.core.event;

/**
 * Receives events on the engine lane that committed them, after the request's future has completed (so its
 * reply goes first), in commit order per node; every listener sees an event before the lane takes its next
 * task. While a listener runs, its lane runs nothing else: the other nodes of that lane, and their
 * publishers, wait. So a listener does the cheap part (choose recipients, encode once) and hands writes to
 * its own I/O threads (a Netty channel write is fine). It may hold the lane on purpose only for bounded
 * back-pressure: the SSE broadcaster ({@code http.sse.LoopBatches}) waits up to 1 s when an event loop has
 * fallen behind, so publishers slow to the pace the streams are written at instead of queueing without end.
 * It must never wait for anything that needs a lane (an engine call's future: its lane may be this one), nor
 * on the network or a lock without a bound. An exception it throws is logged and does not stop the others.
 */
@FunctionalInterface
public interface PubSubEventListener {
    void onEvent(PubSubEvent event);
}
