package org.pubsubserver.http.sse;

import io.netty.channel.Channel;
import java.util.Collection;
import java.util.List;
import org.pubsubserver.http.connection.ClientAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies an event's outcome to the streams of several nodes that carry its node ({@link MultiStream}): the data
 * of each message is encoded once, and each stream writes it under its own id. A stream whose client does not keep
 * up (its channel stays unwritable) is closed at any event of its node but the node's delete, not waited for.
 */
final class ToMultiStreams implements StreamOutcome.Target {
    private static final Logger LOG = LoggerFactory.getLogger(ToMultiStreams.class);

    private final String node;
    private final Collection<Channel> channels;
    private final SseStreams streams;
    private final SseCounts counts;

    ToMultiStreams(String node, Collection<Channel> channels, SseStreams streams, SseCounts counts) {
        this.node = node;
        this.counts = counts;
        this.channels = channels;
        this.streams = streams;
    }

    @Override
    public void send(List<SseMessage> messages) {
        String[] data = new String[messages.size()];
        for (int i = 0; i < data.length; i++) {
            data[i] = messages.get(i).multiData(node);
        }
        int kept = 0;
        for (Channel channel : channels) {
            if (keepsUp(channel)) {
                MultiStream stream = channel.attr(MultiStream.KEY).get();
                for (int i = 0; i < data.length; i++) {
                    stream.send(node, messages.get(i), data[i]);
                }
                kept++;
            }
        }
        counts.sent((long) kept * data.length);
    }

    @Override
    public void sendThenEnd(SseMessage message) {
        String data = message.multiData(node);
        int sent = 0;
        for (Channel channel : channels) {
            // the other nodes of the stream go on
            channel.attr(MultiStream.KEY).get().send(node, message, data);
            streams.remove(node, channel);
            sent++;
        }
        counts.sent(sent);
    }

    @Override
    public void endReadBy(String bareJid) {
        for (Channel channel : channels) {
            if (keepsUp(channel) && SseStreams.isReadBy(channel, bareJid)) {
                StreamOutput.end(channel, StreamEnd.ACCESS_LOST);
            }
        }
    }

    @Override
    public void endAll() {
        for (Channel channel : channels) {
            if (keepsUp(channel)) {
                StreamOutput.end(channel, StreamEnd.ACCESS_LOST);
            }
        }
    }

    @Override
    public void nothing() {
        for (Channel channel : channels) {
            keepsUp(channel);
        }
    }

    /** Whether the stream's client keeps up; one that does not is closed (it resumes with Last-Event-ID). */
    private static boolean keepsUp(Channel channel) {
        if (channel.isWritable()) {
            return true;
        }
        LOG.debug("Closing SSE stream {}: the client does not keep up", ClientAddress.describing(channel));
        StreamEnd.mark(channel, StreamEnd.SLOW_READER);
        channel.close();
        return false;
    }
}
