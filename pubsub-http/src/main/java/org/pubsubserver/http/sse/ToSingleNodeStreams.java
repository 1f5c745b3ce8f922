package org.pubsubserver.http.sse;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import java.util.Collection;
import java.util.List;

/**
 * Applies an event's outcome to the streams of its node alone: each message is formatted and encoded once into
 * one buffer, of which every stream gets a retained duplicate, written from its event loop ({@link LoopBatches}),
 * except a stream whose opening had it already ({@link ReplayMark}). The streams' marks are looked at only for an
 * event at or below the highest of them ({@code marksUpTo}); for every other event no stream is.
 */
final class ToSingleNodeStreams implements StreamOutcome.Target {
    /** {@code marksUpTo} when no stream's mark can be reached any more. */
    static final long NO_MARKS = Long.MIN_VALUE;

    private final Collection<Channel> channels;
    private final LoopBatches batches;
    private final long marksUpTo;
    private final SseCounts counts;
    /** Whether a message past {@link #marksUpTo} was sent: every mark is behind the node's events from then on. */
    private boolean passedMarks;

    ToSingleNodeStreams(Collection<Channel> channels, LoopBatches batches, long marksUpTo, SseCounts counts) {
        this.channels = channels;
        this.counts = counts;
        this.batches = batches;
        this.marksUpTo = marksUpTo;
    }

    /** Whether the event took a place past every stream's mark. */
    boolean passedMarks() {
        return passedMarks;
    }

    @Override
    public void send(List<SseMessage> messages) {
        for (SseMessage message : messages) {
            broadcast(message, false);
        }
    }

    @Override
    public void sendThenEnd(SseMessage message) {
        for (Channel channel : channels) {
            StreamEnd.mark(channel, StreamEnd.NODE_DELETED);
        }
        broadcast(message, true);
    }

    @Override
    public void endReadBy(String bareJid) {
        for (Channel channel : channels) {
            if (SseStreams.isReadBy(channel, bareJid)) {
                StreamOutput.end(channel, StreamEnd.ACCESS_LOST);
            }
        }
    }

    @Override
    public void endAll() {
        channels.forEach(channel -> StreamOutput.end(channel, StreamEnd.ACCESS_LOST));
    }

    @Override
    public void nothing() {
        // a stream that does not keep up is found out at the next write (LoopBatches)
    }

    private void broadcast(SseMessage message, boolean closeAfter) {
        long place = message.position();
        boolean marksToLookAt = place > 0 && place <= marksUpTo;
        passedMarks |= place > 0 && place > marksUpTo;
        counts.sent(channels.size());
        batches.write(channels, ByteBufUtil.writeUtf8(PooledByteBufAllocator.DEFAULT, message.text()),
                marksToLookAt ? place : SseMessage.NO_POSITION, closeAfter);
    }
}
