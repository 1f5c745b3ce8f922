package org.pubsubserver.http.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pubsubserver.http.sse.Wire.sent;
import static org.pubsubserver.http.sse.Wire.text;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.local.LocalChannel;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Broadcast writes in batches per event loop: order, HTTP/1.1 chunks framed once, broadcasters held while a
 * loop is behind, a bounded backlog.
 */
class LoopBatchesTest {
    private final LoopBatches batches = new LoopBatches();

    private static HttpResponse streamHead() {
        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        head.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        return head;
    }

    @Test
    void aStreamsHeadAndReplayLeaveBeforeEventsBroadcastAfterItStartedAsHttpChunks() {
        EmbeddedChannel channel = new EmbeddedChannel(new HttpServerCodec());
        batches.write(Set.of(), text("before\n\n"), SseMessage.NO_POSITION, false); // nobody yet
        batches.start(channel, streamHead(), text(": opening\n\n"), StreamOutput.of(channel, Duration.ofSeconds(15)));
        batches.write(Set.of(channel), text("data: one\n\n"), SseMessage.NO_POSITION, false);
        batches.write(Set.of(channel), text("data: two\n\n"), SseMessage.NO_POSITION, false);
        assertThat(sent(channel)).isEmpty(); // nothing leaves before the channel's own loop runs the batch
        channel.runPendingTasks();
        String wire = sent(channel);
        assertThat(wire).startsWith("HTTP/1.1 200 OK\r\n");
        // RFC 9112 §7.1: each event is one chunk, hex size line, data, CRLF
        assertThat(wire).endsWith("\r\n\r\nb\r\n: opening\n\n\r\nb\r\ndata: one\n\n\r\nb\r\ndata: two\n\n\r\n");
        // the stream's pipeline keeps its output only, which frames the events that end it as chunks too, then the
        // last chunk
        assertThat(channel.pipeline().names()).containsExactly(StreamOutput.NAME, "DefaultChannelPipeline$TailContext#0");
        batches.write(Set.of(channel), text("event: delete\n\n"), SseMessage.NO_POSITION, true);
        channel.runPendingTasks();
        assertThat(sent(channel)).isEqualTo("f\r\nevent: delete\n\n\r\n0\r\n\r\n");
        assertThat(channel.isOpen()).isFalse();
        channel.finishAndReleaseAll();
    }

    @Test
    void aStreamWithoutTheHttp1CodecGetsTheEventsAsTheyAre() {
        EmbeddedChannel channel = new EmbeddedChannel();
        batches.write(Set.of(channel), text("data: one\n\n"), SseMessage.NO_POSITION, false);
        channel.runPendingTasks();
        assertThat(sent(channel)).isEqualTo("data: one\n\n");
        channel.finishAndReleaseAll();
    }

    @Test
    void anEventThatEndsTheStreamsClosesThemOnceSent() {
        EmbeddedChannel channel = new EmbeddedChannel();
        batches.write(Set.of(channel), text("event: delete\ndata: {}\n\n"), SseMessage.NO_POSITION, true);
        channel.runPendingTasks();
        assertThat(sent(channel)).isEqualTo("event: delete\ndata: {}\n\n");
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void aBroadcasterWaitsWhileALoopIsBehindAndGoesOnOnceItHasWritten() throws Exception {
        NioEventLoopGroup group = new NioEventLoopGroup(1);
        try {
            Channel stream = new LocalChannel();
            group.register(stream).sync();
            CountDownLatch holding = new CountDownLatch(1);
            AtomicBoolean release = new AtomicBoolean();
            stream.eventLoop().execute(() -> {
                holding.countDown();
                spinUntil(release); // the loop is busy: nothing queued for it is written meanwhile
            });
            holding.await();
            AtomicInteger written = new AtomicInteger();
            Thread broadcaster = new Thread(() -> {
                for (int i = 0; i <= LoopBatches.HIGH_WATER + 1; i++) {
                    batches.write(Set.of(stream), text("data: " + i + "\n\n"), SseMessage.NO_POSITION, false);
                    written.incrementAndGet();
                }
            });
            broadcaster.start();
            long waitingSince = System.nanoTime();
            while (broadcaster.getState() != Thread.State.TIMED_WAITING && System.nanoTime() - waitingSince < 5e9) {
                Thread.sleep(1);
            }
            assertThat(broadcaster.getState()).isEqualTo(Thread.State.TIMED_WAITING);
            // the writes up to the mark returned; the one past it was queued and waits for the loop
            assertThat(written.get()).isEqualTo(LoopBatches.HIGH_WATER);
            long released = System.nanoTime();
            release.set(true);
            broadcaster.join(TimeUnit.SECONDS.toMillis(5));
            assertThat(broadcaster.isAlive()).isFalse();
            // it went on because the loop wrote, not because the longest wait ran out
            assertThat(Duration.ofNanos(System.nanoTime() - released)).isLessThan(LoopBatches.MAX_WAIT);
            assertThat(written.get()).isEqualTo(LoopBatches.HIGH_WATER + 2);
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    @Test
    void aBroadcasterWaitsNoLongerThanTheLongestWaitForALoopThatDoesNotWrite() throws Exception {
        NioEventLoopGroup group = new NioEventLoopGroup(1);
        AtomicBoolean release = new AtomicBoolean();
        try {
            Channel stream = new LocalChannel();
            group.register(stream).sync();
            stream.eventLoop().execute(() -> spinUntil(release));
            for (int i = 0; i < LoopBatches.HIGH_WATER; i++) {
                batches.write(Set.of(stream), text("data: " + i + "\n\n"), SseMessage.NO_POSITION, false);
            }
            long start = System.nanoTime();
            batches.write(Set.of(stream), text("data: past the mark\n\n"), SseMessage.NO_POSITION, false);
            Duration waited = Duration.ofNanos(System.nanoTime() - start);
            assertThat(waited).isBetween(LoopBatches.MAX_WAIT.minusMillis(50), LoopBatches.MAX_WAIT.multipliedBy(3));
        } finally {
            release.set(true);
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    /**
     * Keeps an event loop busy without a call BlockHound counts as blocking (it guards the loops in these
     * tests, and counts even Thread.onSpinWait).
     */
    private static void spinUntil(AtomicBoolean released) {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!released.get() && System.nanoTime() < end) {
            // busy
        }
    }

    @Test
    void aLoopTooFarBehindDropsItsBacklogAndClosesTheStreamsItWasFor() {
        EmbeddedChannel behind = new EmbeddedChannel();
        List<ByteBuf> events = new ArrayList<>();
        for (int i = 0; i <= LoopBatches.MAX_BACKLOG; i++) {
            ByteBuf event = text("data: " + i + "\n\n");
            events.add(event);
            batches.write(Set.of(behind), event, SseMessage.NO_POSITION, false);
        }
        behind.runPendingTasks();
        assertThat(sent(behind)).isEmpty();
        assertThat(behind.isOpen()).isFalse();
        assertThat(events).allSatisfy(event -> assertThat(event.refCnt()).isZero()); // nothing kept
    }
}
