package org.pubsubserver.server;

import java.util.concurrent.atomic.AtomicBoolean;
import org.pubsubserver.core.cluster.EventTransport;
import org.pubsubserver.core.engine.Lanes;
import org.pubsubserver.core.event.PubSubEvent;
import org.pubsubserver.http.sse.SseStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where instances share the store: the SSE streams here get the events every instance commits (this one's too,
 * so that a node's events reach them in the node's one order), each on its node's lane, as events committed here
 * alone do: a stream opens on that lane too, so no event falls between its replay and its live part. Where events
 * may have been missed, the streams are ended, and their clients resume from the store with Last-Event-ID.
 */
final class SseFromEveryInstance implements EventTransport.Receiver {
    private static final Logger LOG = LoggerFactory.getLogger(SseFromEveryInstance.class);

    private final Lanes lanes;
    private final SseStreams streams;
    /** Set as the server stops: the lanes refuse work then, and the streams are ended anyway. */
    private volatile boolean stopping;

    SseFromEveryInstance(Lanes lanes, SseStreams streams) {
        this.lanes = lanes;
        this.streams = streams;
    }

    @Override
    public void onEvent(PubSubEvent event) {
        String node = event.node().name();
        // Grouped, so that it does not split the lane's groups of publishes: it writes to streams, not to the store,
        // but the event it hands over is committed already, whatever becomes of the group it runs in.
        AtomicBoolean delivered = new AtomicBoolean();
        lanes.submitGrouped(node, () -> {
            streams.onEvent(event);
            delivered.set(true);
            return null;
        }, () -> { }).whenComplete((done, failure) -> {
            if (failure != null && !delivered.get() && !stopping) {
                // the lane refused it (full, or stopping): the node's streams would miss it
                missed("the lane of node " + node + " took no more work (" + failure.getMessage() + ")");
            }
        });
    }

    @Override
    public void onEventsMissed(String reason) {
        missed(reason);
    }

    /** The server stops: what the lanes refuse from now on is not a miss. */
    void stop() {
        stopping = true;
    }

    private void missed(String reason) {
        int open = streams.count();
        LOG.warn("Events may have been missed here ({}): ending the {} SSE stream(s) of this instance so that they"
                + " resume from the store", reason, open);
        streams.endAllToResume();
    }
}
