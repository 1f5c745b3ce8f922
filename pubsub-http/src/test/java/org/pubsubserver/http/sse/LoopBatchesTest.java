package org.pubsubserver.http.sse;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Broadcast writes in batches per event loop: order, HTTP/1.1 chunks framed once, a bounded backlog. */
class LoopBatchesTest {
    private final LoopBatches batches = new LoopBatches();

    private static ByteBuf text(String text) {
        return Unpooled.copiedBuffer(text, StandardCharsets.UTF_8);
    }

    /** Everything the channel wrote to the network, as text. */
    private static String sent(EmbeddedChannel channel) {
        StringBuilder all = new StringBuilder();
        for (Object message; (message = channel.readOutbound()) != null; ) {
            ByteBuf buf = (ByteBuf) message;
            all.append(buf.toString(StandardCharsets.UTF_8));
            buf.release();
        }
        return all.toString();
    }

    private static HttpResponse streamHead() {
        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        head.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        return head;
    }

    @Test
    void aStreamsHeadAndReplayLeaveBeforeEventsBroadcastAfterItStartedAsHttpChunks() {
        EmbeddedChannel channel = new EmbeddedChannel(new HttpServerCodec());
        batches.write(Set.of(), text("before\n\n"), false); // nobody yet
        batches.start(channel, streamHead(), text(": opening\n\n"), StreamOutput.of(channel, Duration.ofSeconds(15)));
        batches.write(Set.of(channel), text("data: one\n\n"), false);
        batches.write(Set.of(channel), text("data: two\n\n"), false);
        assertThat(sent(channel)).isEmpty(); // nothing leaves before the channel's own loop runs the batch
        channel.runPendingTasks();
        String wire = sent(channel);
        assertThat(wire).startsWith("HTTP/1.1 200 OK\r\n");
        // RFC 9112 §7.1: each event is one chunk, hex size line, data, CRLF
        assertThat(wire).endsWith("\r\n\r\nb\r\n: opening\n\n\r\nb\r\ndata: one\n\n\r\nb\r\ndata: two\n\n\r\n");
        // the stream's pipeline keeps its output only, which frames the events that end it as chunks too
        assertThat(channel.pipeline().names()).containsExactly(StreamOutput.NAME, "DefaultChannelPipeline$TailContext#0");
        batches.write(Set.of(channel), text("event: delete\n\n"), true);
        channel.runPendingTasks();
        assertThat(sent(channel)).isEqualTo("f\r\nevent: delete\n\n\r\n");
        assertThat(channel.isOpen()).isFalse();
        channel.finishAndReleaseAll();
    }

    @Test
    void aStreamWithoutTheHttp1CodecGetsTheEventsAsTheyAre() {
        EmbeddedChannel channel = new EmbeddedChannel();
        batches.write(Set.of(channel), text("data: one\n\n"), false);
        channel.runPendingTasks();
        assertThat(sent(channel)).isEqualTo("data: one\n\n");
        channel.finishAndReleaseAll();
    }

    @Test
    void anEventThatEndsTheStreamsClosesThemOnceSent() {
        EmbeddedChannel channel = new EmbeddedChannel();
        batches.write(Set.of(channel), text("event: delete\ndata: {}\n\n"), true);
        channel.runPendingTasks();
        assertThat(sent(channel)).isEqualTo("event: delete\ndata: {}\n\n");
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void aLoopTooFarBehindDropsItsBacklogAndClosesTheStreamsItWasFor() {
        EmbeddedChannel behind = new EmbeddedChannel();
        List<ByteBuf> events = new ArrayList<>();
        for (int i = 0; i <= LoopBatches.MAX_BACKLOG; i++) {
            ByteBuf event = text("data: " + i + "\n\n");
            events.add(event);
            batches.write(Set.of(behind), event, false);
        }
        behind.runPendingTasks();
        assertThat(sent(behind)).isEmpty();
        assertThat(behind.isOpen()).isFalse();
        assertThat(events).allSatisfy(event -> assertThat(event.refCnt()).isZero()); // nothing kept
    }
}
