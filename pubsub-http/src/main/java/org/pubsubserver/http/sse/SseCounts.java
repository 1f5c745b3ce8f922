package org.pubsubserver.http.sse;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The SSE streams' counts for the operators' metrics: streams open now, streams ended by {@link StreamEnd}, and
 * events broadcast to streams. Striped counters, added to once per event and node (not once per stream), so that
 * counting costs the broadcast nothing measurable.
 */
public final class SseCounts {
    private static final AttributeKey<Boolean> COUNTED = AttributeKey.valueOf("pubsub.stream-counted");

    private final AtomicInteger open = new AtomicInteger();
    private final Map<StreamEnd, LongAdder> ended = new EnumMap<>(StreamEnd.class);
    private final LongAdder events = new LongAdder();

    public SseCounts() {
        for (StreamEnd reason : StreamEnd.values()) {
            ended.put(reason, new LongAdder());
        }
    }

    /** Counts the stream on {@code channel} as open until its channel closes; once per channel. */
    void opened(Channel channel) {
        if (channel.attr(COUNTED).setIfAbsent(Boolean.TRUE) != null) {
            return; // a stream of several nodes is added once per node
        }
        open.incrementAndGet();
        channel.closeFuture().addListener(closed -> {
            open.decrementAndGet();
            ended.get(StreamEnd.of(channel)).increment();
        });
    }

    /** {@code count} events were handed to streams. */
    void sent(long count) {
        events.add(count);
    }

    /** The streams open now. */
    public int open() {
        return open.get();
    }

    /** The streams that ended for {@code reason} so far. */
    public long ended(StreamEnd reason) {
        return ended.get(reason).sum();
    }

    /**
     * The events broadcast to streams so far, each once per stream it went to; what a stream's opening replays from
     * the store is not counted.
     */
    public long events() {
        return events.sum();
    }
}
