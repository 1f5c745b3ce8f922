package org.pubsubserver.http.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pubsubserver.http.sse.Wire.text;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.WriteBufferWaterMark;
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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A started stream's output: HTTP/1.1 chunks (RFC 9112 §7.1) once the HTTP handlers are gone, and the heartbeat
 * that keeps a silent stream open through proxies.
 */
class StreamOutputTest {
    private static final Duration HEARTBEAT = Duration.ofSeconds(15);
    private final AtomicLong now = new AtomicLong();
    private EmbeddedChannel channel;
    private StreamOutput output;

    @BeforeEach
    void startAnHttp1Stream() {
        channel = new EmbeddedChannel(new HttpServerCodec());
        channel.freezeTime();
        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        head.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        channel.writeAndFlush(head);
        output = StreamOutput.of(channel, HEARTBEAT, now::get);
        output.install(channel);
        assertThat(sent()).startsWith("HTTP/1.1 200 OK\r\n");
    }

    @AfterEach
    void close() {
        channel.finishAndReleaseAll();
    }

    private String sent() {
        return Wire.sent(channel);
    }

    private void waitSeconds(long seconds) {
        now.addAndGet(TimeUnit.SECONDS.toNanos(seconds));
        channel.advanceTimeBy(seconds, TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();
    }

    @Test
    void onHttp1TheStreamsPipelineKeepsOnlyItsOutputWhichFramesEachWriteAsAChunk() {
        assertThat(output.chunked()).isTrue();
        assertThat(channel.pipeline().get(HttpServerCodec.class)).isNull();
        channel.writeAndFlush(text("data: x\n\n"));
        assertThat(sent()).isEqualTo("9\r\ndata: x\n\n\r\n");
        output.writeChunk(text("3\r\nabc\r\n"));
        channel.flush();
        assertThat(sent()).isEqualTo("3\r\nabc\r\n"); // ready-made chunks pass as they are
    }

    @Test
    void bytesTheClientSendsAfterItsRequestAreDropped() {
        ByteBuf more = text("GET /other HTTP/1.1\r\n\r\n");
        channel.writeInbound(more);
        assertThat((Object) channel.readInbound()).isNull();
        assertThat(more.refCnt()).isZero();
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void aStreamSilentForTheIntervalGetsAHeartbeatComment() {
        waitSeconds(14);
        assertThat(sent()).isEmpty();
        waitSeconds(1);
        assertThat(sent()).isEqualTo("d\r\n: heartbeat\n\n\r\n");
        waitSeconds(15);
        assertThat(sent()).isEqualTo("d\r\n: heartbeat\n\n\r\n"); // one per silent interval
    }

    @Test
    void anEventDefersTheHeartbeatToOneIntervalAfterIt() {
        waitSeconds(10);
        output.writeChunk(text("3\r\nabc\r\n"));
        channel.flush();
        waitSeconds(5); // the interval since the start ends, but the stream was not silent through it
        assertThat(sent()).isEqualTo("3\r\nabc\r\n");
        waitSeconds(9);
        assertThat(sent()).isEmpty();
        waitSeconds(1); // 15 s after the event
        assertThat(sent()).isEqualTo("d\r\n: heartbeat\n\n\r\n");
    }

    @Test
    void aStreamThatCouldTakeNothingForAWholeIntervalIsClosed() {
        channel.config().setOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(8, 16));
        waitSeconds(5);
        output.writeChunk(text("20\r\n" + "x".repeat(32) + "\r\n")); // queued, never flushed: the client reads nothing
        assertThat(channel.isWritable()).isFalse();
        waitSeconds(10);
        assertThat(channel.isOpen()).isTrue(); // written to 10 s ago
        waitSeconds(5);
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void onHttp1OtherWritesThanBytesAreRefusedAndAnEmptyOneIsNotSentAsTheEndOfTheBody() {
        assertThat(channel.writeAndFlush(Unpooled.EMPTY_BUFFER).isSuccess()).isTrue();
        assertThat(sent()).isEmpty();
        var refused = channel.writeAndFlush(new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK));
        assertThat(refused.cause()).isInstanceOf(UnsupportedOperationException.class);
        assertThat(sent()).isEmpty();
    }

    @Test
    void anHttp2StreamKeepsItsPipelineAndItsWritesPassAsTheyAre() {
        ChannelOutboundHandlerAdapter toData = new ChannelOutboundHandlerAdapter(); // stands for the HTTP/2 codecs
        EmbeddedChannel http2 = new EmbeddedChannel(toData);
        StreamOutput plain = StreamOutput.of(http2, HEARTBEAT);
        plain.install(http2);
        assertThat(plain.chunked()).isFalse();
        assertThat(http2.pipeline().toMap().values()).containsExactly(toData, plain);
        http2.writeAndFlush(text("data: x\n\n"));
        ByteBuf out = http2.readOutbound();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("data: x\n\n");
        out.release();
        http2.finishAndReleaseAll();
    }
}
