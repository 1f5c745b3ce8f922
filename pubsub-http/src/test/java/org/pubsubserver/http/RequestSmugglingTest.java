package org.pubsubserver.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pubsubserver.http.Http1Connections.receive;
import static org.pubsubserver.http.Http1Connections.sent;

import io.netty.channel.embedded.EmbeddedChannel;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Request smuggling: a request whose body length two parsers can read differently carries a second request in
 * its body. RFC 9112 §6.1 and §6.3 say how a server treats such a request: refuse it and close the connection, so
 * the hidden request is never served. Each case is the raw bytes of one request with the hidden one after it;
 * the hidden one asks for the page at {@code /}, which the server answers at once with 200 where it is served.
 */
class RequestSmugglingTest {
    private static final String HOST_LINE = "Host: " + Http1Connections.HOST + "\r\n";
    private static final String HIDDEN = "GET / HTTP/1.1\r\n" + HOST_LINE + "\r\n";

    @RegisterExtension
    static final Http1Connections server = new Http1Connections();

    static Stream<Arguments> ambiguousRequests() {
        String post = "POST /eventsource/n HTTP/1.1\r\n" + HOST_LINE;
        return Stream.of(
                Arguments.of("Content-Length and Transfer-Encoding: chunked (§6.1)", 400,
                        post + "Content-Length: 48\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n" + HIDDEN),
                Arguments.of("Transfer-Encoding: chunked before Content-Length (§6.1)", 400,
                        post + "Transfer-Encoding: chunked\r\nContent-Length: 48\r\n\r\n0\r\n\r\n" + HIDDEN),
                Arguments.of("Content-Length and Transfer-Encoding: xchunked (§6.1)", 400,
                        post + "Content-Length: 5\r\nTransfer-Encoding: xchunked\r\n\r\nhello" + HIDDEN),
                Arguments.of("Content-Length and a tab before chunked (§6.1)", 400,
                        post + "Content-Length: 48\r\nTransfer-Encoding:\tchunked\r\n\r\n0\r\n\r\n" + HIDDEN),
                Arguments.of("Transfer-Encoding: xchunked alone: the final coding is not chunked (§6.3)", 400,
                        post + "Transfer-Encoding: xchunked\r\n\r\n" + HIDDEN),
                Arguments.of("chunked, then another coding: not final (§6.3)", 400,
                        post + "Transfer-Encoding: chunked, identity\r\n\r\n0\r\n\r\n" + HIDDEN),
                Arguments.of("chunked in one field, another coding in a second (§6.3)", 400,
                        post + "Transfer-Encoding: chunked\r\nTransfer-Encoding: x\r\n\r\n0\r\n\r\n" + HIDDEN),
                Arguments.of("chunked applied twice (§6.1)", 400,
                        post + "Transfer-Encoding: chunked, chunked\r\n\r\n0\r\n\r\n" + HIDDEN),
                Arguments.of("Transfer-Encoding in HTTP/1.0 (§6.1)", 400,
                        "POST /eventsource/n HTTP/1.0\r\n" + HOST_LINE
                                + "Connection: keep-alive\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n" + HIDDEN),
                Arguments.of("a coding the server does not decode (§6.1: 501)", 501,
                        post + "Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n" + HIDDEN),
                Arguments.of("an h2c Upgrade with Content-Length and Transfer-Encoding (§6.1)", 400,
                        "GET /nodes HTTP/1.1\r\n" + HOST_LINE + "Connection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\n"
                                + "HTTP2-Settings: AAMAAABkAAQAAP__\r\nContent-Length: 48\r\n"
                                + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n" + HIDDEN),
                Arguments.of("a failed Upgrade with Content-Length and Transfer-Encoding (§6.1)", 400,
                        "GET /nodes HTTP/1.1\r\n" + HOST_LINE + "Connection: Upgrade\r\nUpgrade: websocket\r\n"
                                + "Content-Length: 48\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n" + HIDDEN));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ambiguousRequests")
    void anAmbiguousBodyLengthIsRefusedAndTheConnectionClosedSoTheHiddenRequestIsNeverServed_rfc9112_6_1(
            String variant, int status, String bytes) {
        EmbeddedChannel connection = server.open(Http1Connections.DEFAULTS);
        receive(connection, bytes);
        String answer = sent(connection);
        assertThat(answer).as(variant).startsWith("HTTP/1.1 " + status + " ");
        assertThat(answer.toLowerCase(java.util.Locale.ROOT)).as(variant).contains("connection: close");
        assertThat(answer).as("only one answer, no 101 and no 200 for the hidden request")
                .doesNotContain("HTTP/1.1 200").doesNotContain("HTTP/1.1 101").containsOnlyOnce("HTTP/1.1 ");
        assertThat(connection.isOpen()).as("closed after the answer (RFC 9112 §6.1: MUST close)").isFalse();
    }

    /**
     * An h2c Upgrade request whose framing the codec cannot read: the connection must not switch to HTTP/2 (a 101
     * would hand what follows to an HTTP/2 parser). The checks run before the upgrade handler, whatever the Netty
     * version decides about the request itself.
     */
    static Stream<Arguments> unreadableUpgrades() {
        String upgrade = "GET /nodes HTTP/1.1\r\n" + HOST_LINE + "Connection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\n"
                + "HTTP2-Settings: AAMAAABkAAQAAP__\r\n";
        return Stream.of(
                Arguments.of("two Content-Length values (§6.3 item 5)",
                        upgrade + "Content-Length: 5\r\nContent-Length: 48\r\n\r\nhello" + HIDDEN),
                Arguments.of("a Content-Length that is not a number (§6.3 item 5)",
                        upgrade + "Content-Length: 5x\r\n\r\nhello" + HIDDEN),
                Arguments.of("a chunk size that is not hexadecimal (§7.1)",
                        upgrade + "Transfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n" + HIDDEN));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unreadableUpgrades")
    void anUpgradeRequestWithUnreadableFramingIs400AndClosedNeverSwitched_rfc9112_6_3(String variant, String bytes) {
        EmbeddedChannel connection = server.open(Http1Connections.DEFAULTS);
        receive(connection, bytes);
        String answer = sent(connection);
        assertThat(answer).as(variant).startsWith("HTTP/1.1 400 ").doesNotContain("HTTP/1.1 101")
                .doesNotContain("HTTP/1.1 200").containsOnlyOnce("HTTP/1.1 ");
        assertThat(answer.toLowerCase(java.util.Locale.ROOT)).as(variant).contains("connection: close");
        assertThat(connection.isOpen()).as("closed after the answer (RFC 9112 §6.3: MUST close)").isFalse();
    }

    @Test
    void aChunkedRequestAloneIsReadAndTheNextRequestOnTheConnectionIsServed_rfc9112_7_1() {
        EmbeddedChannel connection = server.open(Http1Connections.DEFAULTS);
        receive(connection, "POST / HTTP/1.1\r\n" + HOST_LINE + "Transfer-Encoding: chunked\r\n\r\n"
                + "5\r\nhello\r\n0\r\n\r\n" + HIDDEN);
        String answers = sent(connection);
        // POST / is not a page (404); the request after it on the keep-alive connection is the page
        assertThat(answers).startsWith("HTTP/1.1 404 ").contains("HTTP/1.1 200 OK");
    }
}
