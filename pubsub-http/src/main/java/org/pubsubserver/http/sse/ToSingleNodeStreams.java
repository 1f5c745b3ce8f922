package org.pubsubserver.http.sse;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import java.util.Collection;
import java.util.List;

/**
 * Applies an event's outcome to the streams of its node alone: each message is formatted and encoded once into
 * one buffer, of which every stream gets a retained duplicate, written from its event loop ({@link LoopBatches}),
 * except a stream whose opening had it already ({@link ReplayMark}).
 */
final class ToSingleNodeStreams implements StreamOutcome.Target {
    private final Collection<Channel> channels;
    private final LoopBatches batches;

    ToSingleNodeStreams(Collection<Channel> channels, LoopBatches batches) {
        this.channels = channels;
        this.batches = batches;
    }

    @Override
    public void send(List<SseMessage> messages) {
        for (SseMessage message : messages) {
            broadcast(message, false);
        }
    }

    @Override
    public void sendThenEnd(SseMessage message) {
        broadcast(message, true);
    }

    @Override
    public void endReadBy(String bareJid) {
        for (Channel channel : channels) {
            if (SseStreams.isReadBy(channel, bareJid)) {
                StreamOutput.end(channel);
            }
        }
    }

    @Override
    public void endAll() {
        channels.forEach(StreamOutput::end);
    }

    @Override
    public void nothing() {
        // a stream that does not keep up is found out at the next write (LoopBatches)
    }

    private void broadcast(SseMessage message, boolean closeAfter) {
        batches.write(channels, ByteBufUtil.writeUtf8(PooledByteBufAllocator.DEFAULT, message.text()), message.position(),
                closeAfter);
    }
}
