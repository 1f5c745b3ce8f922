package org.pubsubserver.http.sse;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.AttributeKey;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Broadcast writes, handed to each event loop in batches. The broadcaster (a lane) queues one entry per event
 * and event loop, not one task per stream; the loop writes every queued event to its streams and then
 * flushes each stream once, so a burst of events (a group of publishes committed together) costs each
 * stream one system call. A stream that cannot take more (its unsent bytes are past the high water mark
 * even after a flush) is closed, not waited for: its client resumes with Last-Event-ID. An event loop that
 * falls more than {@value #MAX_BACKLOG} entries behind (the machine cannot write as fast as events come)
 * drops what waits and closes the streams it was for, so the backlog's memory stays bounded; they resume too.
 */
final class LoopBatches {
    private static final Logger LOG = LoggerFactory.getLogger(LoopBatches.class);
    /** The most entries (events, stream starts) waiting for one event loop. */
    static final int MAX_BACKLOG = 10_000;

    /** Where a stream's ready-made chunks enter its pipeline (see {@link #markChunked}). */
    private static final AttributeKey<ChannelHandlerContext> CHUNKED = AttributeKey.valueOf("pubsub.sse.chunked");

    private final Map<EventLoop, LoopQueue> queues = new ConcurrentHashMap<>();

    /**
     * Writes {@code event} (this call takes over one reference) to every channel, from the channels' own
     * event loops; with {@code closeAfter} each stream is closed once it has been sent.
     */
    void write(Collection<Channel> channels, ByteBuf event, boolean closeAfter) {
        ByteBuf chunk = null;
        try {
            Map<EventLoop, List<Channel>> byLoop = new IdentityHashMap<>();
            for (Channel channel : channels) {
                byLoop.computeIfAbsent(channel.eventLoop(), loop -> new ArrayList<>()).add(channel);
                if (chunk == null && !closeAfter && channel.hasAttr(CHUNKED)) {
                    chunk = chunk(event);
                }
            }
            if (chunk == null) {
                chunk = Unpooled.EMPTY_BUFFER; // no stream takes ready-made chunks
            }
            for (Map.Entry<EventLoop, List<Channel>> entry : byLoop.entrySet()) {
                queues.computeIfAbsent(entry.getKey(), LoopQueue::new)
                        .add(new Batch(event.retain(), retain(chunk), entry.getValue(), closeAfter));
            }
        } finally {
            event.release();
            if (chunk != null && chunk != Unpooled.EMPTY_BUFFER) {
                chunk.release();
            }
        }
    }

    private static ByteBuf retain(ByteBuf buffer) {
        return buffer == Unpooled.EMPTY_BUFFER ? buffer : buffer.retain();
    }

    /**
     * The event as one HTTP/1.1 chunk (size line, data, CRLF), framed once for all streams: written past the
     * HTTP encoder ({@link #CHUNKED}), it spares each stream the encoder's work and buffers.
     */
    private static ByteBuf chunk(ByteBuf event) {
        int size = event.readableBytes();
        String head = Integer.toHexString(size) + "\r\n";
        ByteBuf chunk = event.alloc().directBuffer(head.length() + size + 2);
        chunk.writeCharSequence(head, StandardCharsets.US_ASCII);
        chunk.writeBytes(event, event.readerIndex(), size);
        chunk.writeByte('\r').writeByte('\n');
        return chunk;
    }

    /**
     * Marks an HTTP/1.1 stream whose body is chunked by its pipeline's {@link HttpServerCodec}: events are
     * then written as ready-made chunks from the codec's place in the pipeline (through TLS, if any).
     */
    static void markChunked(Channel channel) {
        ChannelHandlerContext codec = channel.pipeline().context(HttpServerCodec.class);
        if (codec != null) {
            channel.attr(CHUNKED).set(codec);
        }
    }

    /**
     * Starts a stream: its response head and first bytes (this call takes over {@code opening}), queued like
     * the events, so that they leave before any event broadcast after this call, whichever thread writes.
     */
    void start(Channel channel, Object head, ByteBuf opening) {
        queues.computeIfAbsent(channel.eventLoop(), LoopQueue::new).add(new Start(channel, head, opening));
    }

    /** What waits for an event loop: written there, or dropped (with the streams it was for). */
    private interface Entry {
        void write(Set<Channel> written);

        void drop();

        /** The streams it was for. */
        Iterable<Channel> channels();
    }

    private record Start(Channel channel, Object head, ByteBuf opening) implements Entry {
        @Override
        public void write(Set<Channel> written) {
            channel.write(head);
            channel.write(opening);
            written.add(channel);
        }

        @Override
        public void drop() {
            opening.release();
        }

        @Override
        public Iterable<Channel> channels() {
            return List.of(channel);
        }
    }

    private record Batch(ByteBuf event, ByteBuf chunk, List<Channel> channels, boolean closeAfter) implements Entry {
        @Override
        public void write(Set<Channel> written) {
            try {
                for (Channel channel : channels) {
                    writeTo(channel, written);
                }
            } finally {
                drop();
            }
        }

        private void writeTo(Channel channel, Set<Channel> written) {
            if (!channel.isActive()) {
                return;
            }
            if (!channel.isWritable() && !closeAfter) {
                channel.flush(); // what is queued may leave now; only a client that does not read stays behind
                if (!channel.isWritable()) {
                    LOG.debug("Closing SSE stream {}: the client does not keep up", channel.remoteAddress());
                    channel.close();
                    written.remove(channel);
                    return;
                }
            }
            ChannelHandlerContext codec = channel.attr(CHUNKED).get();
            if (closeAfter) {
                channel.write(event.retainedDuplicate()).addListener(ChannelFutureListener.CLOSE);
            } else if (codec != null) {
                codec.write(chunk.retainedDuplicate(), codec.voidPromise());
            } else {
                channel.write(event.retainedDuplicate(), channel.voidPromise());
            }
            written.add(channel);
        }

        @Override
        public void drop() {
            event.release();
            if (chunk != Unpooled.EMPTY_BUFFER) {
                chunk.release();
            }
        }
    }

    /** What waits for one event loop, in order, and whether a task to write it is already queued there. */
    private static final class LoopQueue implements Runnable {
        private final EventLoop loop;
        private final Queue<Entry> entries = new ConcurrentLinkedQueue<>();
        private final AtomicBoolean scheduled = new AtomicBoolean();
        private final AtomicInteger backlog = new AtomicInteger();

        LoopQueue(EventLoop loop) {
            this.loop = loop;
        }

        void add(Entry entry) {
            backlog.incrementAndGet();
            entries.add(entry);
            if (scheduled.compareAndSet(false, true)) {
                try {
                    loop.execute(this);
                } catch (RejectedExecutionException e) {
                    scheduled.set(false); // the server is stopping: its streams are closing
                    drop();
                }
            }
        }

        @Override
        public void run() {
            scheduled.set(false);
            if (backlog.get() > MAX_BACKLOG) {
                shed();
                return;
            }
            // what waits now, not what comes meanwhile (that has a run of its own queued): the loop's other
            // work, reads among it, is not held off for as long as events keep coming
            Set<Channel> written = Collections.newSetFromMap(new IdentityHashMap<>());
            Entry entry;
            for (int n = backlog.get(); n > 0 && (entry = entries.poll()) != null; n--) {
                backlog.decrementAndGet();
                entry.write(written);
            }
            for (Channel channel : written) {
                channel.flush();
            }
        }

        private void drop() {
            for (Entry entry; (entry = entries.poll()) != null; ) {
                backlog.decrementAndGet();
                entry.drop();
            }
        }

        /** Too far behind: what waits is dropped and its streams are closed (they resume). */
        private void shed() {
            Set<Channel> behind = Collections.newSetFromMap(new IdentityHashMap<>());
            int dropped = 0;
            for (Entry entry; (entry = entries.poll()) != null; dropped++) {
                backlog.decrementAndGet();
                entry.channels().forEach(behind::add);
                entry.drop();
            }
            behind.forEach(Channel::close);
            LOG.warn("SSE writes on {} fell {} events behind: closed its {} streams, which resume with"
                    + " Last-Event-ID; the machine cannot write events as fast as they come to this many streams",
                    loop, dropped, behind.size());
        }
    }
}
