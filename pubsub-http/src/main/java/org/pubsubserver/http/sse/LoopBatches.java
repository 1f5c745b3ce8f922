package org.pubsubserver.http.sse;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.util.AttributeKey;
import java.time.Duration;
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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.pubsubserver.http.connection.ClientAddress;
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
 *
 * <p>Before that, the broadcaster waits: once a loop has more than {@value #HIGH_WATER} entries waiting, a
 * thread that broadcasts to it (a node's lane, after the commit) waits until the loop has written them, for
 * at most {@link #MAX_WAIT}. Publishers then go at the pace the streams are written at (their acks come
 * later) instead of the events queueing for seconds, and the work of events that would be shed is not done.
 * A client that does not read does not hold anyone: its stream is closed when it cannot take more.
 */
final class LoopBatches {
    private static final Logger LOG = LoggerFactory.getLogger(LoopBatches.class);
    /** The most entries (events, stream starts) waiting for one event loop. */
    static final int MAX_BACKLOG = 10_000;
    /** Past this many entries waiting for one loop, a broadcaster waits (see above). */
    static final int HIGH_WATER = 64;
    /** The longest a broadcaster waits for one loop; then it goes on, and {@link #MAX_BACKLOG} bounds the rest. */
    static final Duration MAX_WAIT = Duration.ofSeconds(1);

    /** The output of a stream that takes ready-made HTTP/1.1 chunks (see {@link #start}). */
    private static final AttributeKey<StreamOutput> CHUNKED = AttributeKey.valueOf("pubsub.sse.chunked");

    private final Map<EventLoop, LoopQueue> queues = new ConcurrentHashMap<>();

    /**
     * Writes {@code event} (this call takes over one reference) to every channel, from the channels' own
     * event loops, but to none whose opening had it already ({@code place}: the event's place in its node's
     * sequence, see {@link ReplayMark}; {@link SseMessage#NO_POSITION} writes to all without looking); with
     * {@code closeAfter} each stream is ended once it has been sent ({@link StreamOutput#end}).
     */
    void write(Collection<Channel> channels, ByteBuf event, long place, boolean closeAfter) {
        ByteBuf chunk = null;
        try {
            Map<EventLoop, List<Channel>> byLoop = new IdentityHashMap<>();
            for (Channel channel : channels) {
                if (ReplayMark.had(channel, place)) {
                    continue;
                }
                byLoop.computeIfAbsent(channel.eventLoop(), loop -> new ArrayList<>()).add(channel);
                if (chunk == null && !closeAfter && channel.hasAttr(CHUNKED)) {
                    chunk = StreamOutput.chunkOf(event, event.alloc());
                }
            }
            if (chunk == null) {
                chunk = Unpooled.EMPTY_BUFFER; // no stream takes ready-made chunks
            }
            List<LoopQueue> targets = new ArrayList<>(byLoop.size());
            for (Map.Entry<EventLoop, List<Channel>> entry : byLoop.entrySet()) {
                LoopQueue queue = queues.computeIfAbsent(entry.getKey(), LoopQueue::new);
                queue.add(new Batch(event.retain(), retain(chunk), entry.getValue(), closeAfter));
                targets.add(queue);
            }
            if (!onAnEventLoop()) {
                for (LoopQueue queue : targets) {
                    queue.awaitRoom();
                }
            }
        } finally {
            event.release();
            if (chunk != null && chunk != Unpooled.EMPTY_BUFFER) {
                chunk.release();
            }
        }
    }

    /** Whether this thread is one of the loops written to: a loop never waits, least of all for itself. */
    private boolean onAnEventLoop() {
        for (EventLoop loop : queues.keySet()) {
            if (loop.inEventLoop()) {
                return true;
            }
        }
        return false;
    }

    private static ByteBuf retain(ByteBuf buffer) {
        return buffer == Unpooled.EMPTY_BUFFER ? buffer : buffer.retain();
    }

    /**
     * Starts a stream: its response head and first bytes (this call takes over {@code opening}), queued like
     * the events, so that they leave before any event broadcast after this call, whichever thread writes;
     * then its {@code output} goes into its pipeline. An HTTP/1.1 stream gets each event as one chunk framed
     * once for all streams, written below its output.
     */
    void start(Channel channel, Object head, ByteBuf opening, StreamOutput output) {
        if (output.chunked()) {
            channel.attr(CHUNKED).set(output);
        }
        queues.computeIfAbsent(channel.eventLoop(), LoopQueue::new).add(new Start(channel, head, opening, output));
    }

    /** What waits for an event loop: written there, or dropped (with the streams it was for). */
    private interface Entry {
        void write(Set<Channel> written);

        void drop();

        /** The streams it was for. */
        Iterable<Channel> channels();
    }

    private record Start(Channel channel, Object head, ByteBuf opening, StreamOutput output) implements Entry {
        @Override
        public void write(Set<Channel> written) {
            channel.write(head);
            channel.write(opening);
            output.install(channel);
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
                    LOG.debug("Closing SSE stream {}: the client does not keep up", ClientAddress.describing(channel));
                    StreamEnd.mark(channel, StreamEnd.SLOW_READER);
                    channel.close();
                    written.remove(channel);
                    return;
                }
            }
            StreamOutput output = channel.attr(CHUNKED).get();
            if (closeAfter) {
                channel.write(event.retainedDuplicate(), channel.voidPromise());
                StreamOutput.endOnLoop(channel); // the end of the body after the event, then the close
            } else if (output != null) {
                output.writeChunk(chunk.retainedDuplicate());
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
        /** Broadcasters waiting for room (changed under this object's lock). */
        private volatile int waiting;

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
                    wakeWaiting();
                }
            }
        }

        /** Waits while more than {@link #HIGH_WATER} entries wait, for at most {@link #MAX_WAIT}. Not on a loop. */
        void awaitRoom() {
            if (backlog.get() <= HIGH_WATER) {
                return;
            }
            long deadline = System.nanoTime() + MAX_WAIT.toNanos();
            synchronized (this) {
                waiting++;
                try {
                    // the loop reads `waiting` after it lowers the backlog, so either it sees this waiter or
                    // this waiter sees the lower backlog
                    for (long left; backlog.get() > HIGH_WATER && (left = deadline - System.nanoTime()) > 0; ) {
                        TimeUnit.NANOSECONDS.timedWait(this, left);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    waiting--;
                }
            }
        }

        /** Wakes the broadcasters waiting for room, if any. */
        private void wakeWaiting() {
            if (waiting > 0) {
                synchronized (this) {
                    notifyAll();
                }
            }
        }

        @Override
        public void run() {
            scheduled.set(false);
            try {
                writeWaiting();
            } finally {
                wakeWaiting();
            }
        }

        private void writeWaiting() {
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
