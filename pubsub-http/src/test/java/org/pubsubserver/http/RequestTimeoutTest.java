package org.pubsubserver.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pubsubserver.http.Http1Connections.receive;
import static org.pubsubserver.http.Http1Connections.sent;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersEncoder;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2Headers;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code http.request-timeout} on the server's real pipeline, on Netty's clock: a connection that keeps the server
 * waiting for a request is closed, whether it says nothing, sends its head a few bytes at a time (slowloris), or
 * idles between requests; on HTTP/2 the same while no stream is answering a request. RFC 9112 §9.5 lets a server
 * close an idle connection at any time.
 */
class RequestTimeoutTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final HttpSettings SETTINGS = Http1Connections.DEFAULTS
            .withConnections(new HttpSettings.Connections(TIMEOUT, 0, 0));
    private static final String HOST_LINE = "Host: " + Http1Connections.HOST + "\r\n";

    @RegisterExtension
    static final Http1Connections server = new Http1Connections();
    private EmbeddedChannel connection;

    private EmbeddedChannel open() {
        connection = server.open(SETTINGS);
        connection.freezeTime();
        return connection;
    }

    private void waitSeconds(long seconds) {
        connection.advanceTimeBy(seconds, TimeUnit.SECONDS);
        connection.runScheduledPendingTasks();
        connection.runPendingTasks();
    }

    @Test
    void aConnectionThatSendsNothingIsClosedAfterTheRequestTimeout_rfc9112_9_5() {
        open();
        waitSeconds(9);
        assertThat(connection.isOpen()).isTrue();
        waitSeconds(2);
        assertThat(connection.isOpen()).isFalse();
        assertThat(sent(connection)).as("an idle connection is closed without an answer").isEmpty();
    }

    @Test
    void aRequestHeadSentAFewBytesAtATimeIsClosedAtTheTimeoutFromTheOpening_slowloris() {
        open();
        receive(connection, "GET / HTTP/1.1\r\n");
        waitSeconds(4);
        receive(connection, HOST_LINE);
        waitSeconds(4);
        receive(connection, "X-Slow: 1\r\n");
        assertThat(connection.isOpen()).isTrue();
        waitSeconds(3); // 11 s after the opening, the head still not whole
        assertThat(connection.isOpen()).isFalse();
    }

    @Test
    void aKeepAliveConnectionIsTimedFromTheEndOfItsLastResponse_rfc9112_9_5() {
        open();
        waitSeconds(8);
        receive(connection, "GET /elsewhere HTTP/1.1\r\n" + HOST_LINE + "\r\n");
        assertThat(sent(connection)).startsWith("HTTP/1.1 404 ");
        waitSeconds(8); // 16 s after the opening, 8 s after the answer
        assertThat(connection.isOpen()).isTrue();
        receive(connection, "GET /elsewhere HTTP/1.1\r\n" + HOST_LINE + "\r\n");
        assertThat(sent(connection)).startsWith("HTTP/1.1 404 ");
        waitSeconds(9);
        assertThat(connection.isOpen()).isTrue();
        waitSeconds(2);
        assertThat(connection.isOpen()).isFalse();
    }

    @Test
    void anHttp2ConnectionWithoutAStreamAnsweringARequestIsClosedAfterTheTimeout_rfc9113_6_8() throws Exception {
        openHttp2();
        assertThat(sent(connection)).as("the server's SETTINGS").isNotEmpty();
        waitSeconds(6);
        // a stream whose request never ends (HEADERS without END_STREAM) does not keep the connection: the same
        // slowloris on HTTP/2
        connection.writeInbound(headersFrame(3, "POST", "/eventsource/n", false));
        connection.runPendingTasks();
        waitSeconds(3);
        assertThat(connection.isOpen()).isTrue();
        waitSeconds(2);
        assertThat(connection.isOpen()).isFalse();
        assertThat(sent(connection)).as("GOAWAY before the close").isNotEmpty();
    }

    @Test
    void anHttp2ConnectionIsTimedFromTheEndOfItsLastAnsweredStream_rfc9113_6_8() throws Exception {
        openHttp2();
        sent(connection);
        waitSeconds(6);
        connection.writeInbound(headersFrame(3, "GET", "/elsewhere", true));
        connection.runPendingTasks();
        assertThat(sent(connection)).as("the stream's answer (404)").isNotEmpty();
        waitSeconds(9); // 15 s after the opening, 9 s after the stream was answered
        assertThat(connection.isOpen()).isTrue();
        waitSeconds(2);
        assertThat(connection.isOpen()).isFalse();
    }

    /** A connection that speaks HTTP/2 by prior knowledge: the preface and an empty SETTINGS frame. */
    private void openHttp2() {
        open();
        ByteBuf preface = Unpooled.buffer().writeBytes(Http2CodecUtil.connectionPrefaceBuf());
        preface.writeBytes(frameHead(0, 0x4, 0, 0));
        connection.writeInbound(preface);
        connection.runPendingTasks();
    }

    /**
     * A HEADERS frame opening {@code stream} (not 1: Netty's multiplexer takes an embedded channel, which has no
     * server parent, for a client, to which stream 1 would be an upgrade's).
     */
    private static ByteBuf headersFrame(int stream, String method, String path, boolean endStream) throws Exception {
        Http2Headers request = new DefaultHttp2Headers().method(method).path(path).scheme("http")
                .authority(Http1Connections.HOST);
        ByteBuf block = Unpooled.buffer();
        new DefaultHttp2HeadersEncoder().encodeHeaders(stream, request, block);
        ByteBuf frame = Unpooled.buffer().writeBytes(frameHead(block.readableBytes(), 0x1, endStream ? 0x5 : 0x4, stream))
                .writeBytes(block);
        block.release();
        return frame;
    }

    /** An HTTP/2 frame's 9-byte head (RFC 9113 §4.1). */
    private static byte[] frameHead(int length, int type, int flags, int stream) {
        return new byte[] {(byte) (length >>> 16), (byte) (length >>> 8), (byte) length, (byte) type, (byte) flags,
                (byte) (stream >>> 24), (byte) (stream >>> 16), (byte) (stream >>> 8), (byte) stream};
    }
}
