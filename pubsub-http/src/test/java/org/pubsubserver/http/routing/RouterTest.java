package org.pubsubserver.http.routing;

import static io.netty.handler.codec.http.HttpMethod.GET;
import static io.netty.handler.codec.http.HttpMethod.HEAD;
import static io.netty.handler.codec.http.HttpMethod.OPTIONS;
import static io.netty.handler.codec.http.HttpMethod.POST;
import static org.assertj.core.api.Assertions.assertThat;
import static org.pubsubserver.http.routing.Router.route;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.pubsubserver.http.response.Responses;

/** The router on an embedded HTTP/1.1 connection, with routes of its own: what it does in front of every route. */
class RouterTest {
    private static final String HOST = "pubsub.localhost";
    private final List<String> answered = new ArrayList<>();
    private final Cors cors = new Cors(Set.of("https://app.example"));
    /** A route that answers 200 with the path it got; one that takes the connection over. */
    private final Route echo = exchange -> {
        answered.add(exchange.method() + " " + exchange.path());
        Responses.sendText(exchange.ctx(), exchange.request(), HttpResponseStatus.OK, exchange.path());
    };
    private final Route takeOver = exchange -> {
        answered.add("taken " + exchange.path());
        exchange.takeOverConnection();
    };
    private final Router router = new Router(List.of(new HostCheck(new HostMatcher(Set.of(HOST)))), List.of(
            route(PathMatch.exactly("/health"), echo, MethodCheck.orNotFound(GET)),
            route(PathMatch.exactly("/stream"), takeOver),
            route(PathMatch.below("/things/"), echo, new Preflight(cors, exchange -> !exchange.query().containsKey("token")),
                    MethodCheck.orNotAllowed(GET, HEAD, OPTIONS))));
    private final EmbeddedChannel connection = new EmbeddedChannel(new HttpServerCodec(), new HttpObjectAggregator(1024),
            router);

    @AfterEach
    void close() {
        connection.finishAndReleaseAll();
    }

    private String exchange(String method, String target, String... headers) {
        StringBuilder request = new StringBuilder(method + " " + target + " HTTP/1.1\r\n");
        for (String header : headers) {
            request.append(header).append("\r\n");
        }
        connection.writeInbound(Unpooled.copiedBuffer(request.append("\r\n"), StandardCharsets.ISO_8859_1));
        StringBuilder all = new StringBuilder();
        for (Object message; (message = connection.readOutbound()) != null; ) {
            all.append(((ByteBuf) message).toString(StandardCharsets.ISO_8859_1));
            ((ByteBuf) message).release();
        }
        return all.toString();
    }

    private String get(String target, String... headers) {
        return exchange("GET", target, headers);
    }

    private static String status(String answer) {
        return answer.substring(0, answer.indexOf("\r\n"));
    }

    @Test
    void aRouteIsAnsweredOnItsPathAndAPathNoRouteMatchesIs404() {
        assertThat(get("/health", "Host: " + HOST)).startsWith("HTTP/1.1 200 OK").endsWith("\r\n\r\n/health\n");
        assertThat(get("/health/more", "Host: " + HOST)).startsWith("HTTP/1.1 404 Not Found").endsWith("Not found\n");
        assertThat(get("/things/", "Host: " + HOST)).as("below a prefix: something past it")
                .startsWith("HTTP/1.1 404 Not Found");
        assertThat(get("/things/a%2Fb", "Host: " + HOST)).endsWith("\r\n\r\n/things/a/b\n");
        assertThat(answered).containsExactly("GET /health", "GET /things/a/b");
    }

    @Test
    void everyRequestPassesTheHostCheckBeforeItsUrlIsRead_rfc9110_7_4() {
        assertThat(get("/bad%zz", "Host: example.org")).startsWith("HTTP/1.1 404 Not Found").endsWith("Unknown host\n");
        assertThat(get("/bad%zz")).as("no Host at all").endsWith("Unknown host\n");
        assertThat(status(get("/bad%zz", "Host: " + HOST))).isEqualTo("HTTP/1.1 400 Bad Request");
        assertThat(answered).isEmpty();
    }

    @Test
    void aRequestTheCodecCouldNotDecodeIs400AndTheConnectionClosed_rfc9112_2_2() {
        String answer = get("/health", "Host: " + HOST, "Content-Length: x");
        assertThat(answer).startsWith("HTTP/1.1 400 Bad Request").contains("connection: close").endsWith("Bad request\n");
        assertThat(connection.isOpen()).isFalse();
        assertThat(answered).isEmpty();
    }

    @Test
    void aMethodARouteDoesNotServeIs405WithAllowOr404AsTheRouteSays_rfc9110_15_5_6() {
        assertThat(exchange("POST", "/things/a", "Host: " + HOST)).isEqualTo("HTTP/1.1 405 Method Not Allowed\r\n"
                + "content-type: text/plain; charset=utf-8\r\ncache-control: no-store\r\ncontent-length: 38\r\n"
                + "allow: GET, HEAD, OPTIONS\r\nconnection: keep-alive\r\n\r\nGET, HEAD and OPTIONS are served here\n");
        assertThat(status(exchange("POST", "/health", "Host: " + HOST))).isEqualTo("HTTP/1.1 404 Not Found");
        assertThat(exchange(HEAD.name(), "/things/a", "Host: " + HOST)).startsWith("HTTP/1.1 200 OK");
        assertThat(answered).containsExactly("HEAD /things/a");
    }

    @Test
    void optionsBehindAPreflightIs204WithAllowAndAPreflightForATokenFromAnotherOriginIs403_fetchCorsProtocol() {
        assertThat(exchange("OPTIONS", "/things/a", "Host: " + HOST)).isEqualTo("HTTP/1.1 204 No Content\r\n"
                + "cache-control: no-store\r\nallow: GET, HEAD, OPTIONS\r\nconnection: keep-alive\r\n\r\n");
        assertThat(exchange("OPTIONS", "/things/a", "Host: " + HOST, "Origin: https://elsewhere.example",
                "Access-Control-Request-Method: GET")).contains("\r\naccess-control-allow-origin: *\r\n",
                "\r\naccess-control-allow-methods: GET, HEAD, OPTIONS\r\n");
        assertThat(status(exchange("OPTIONS", "/things/a?token=t", "Host: " + HOST, "Origin: https://elsewhere.example",
                "Access-Control-Request-Method: GET"))).isEqualTo("HTTP/1.1 403 Forbidden");
        assertThat(exchange("OPTIONS", "/things/a?token=t", "Host: " + HOST, "Origin: https://app.example",
                "Access-Control-Request-Method: GET")).contains("\r\naccess-control-allow-origin: https://app.example\r\n");
        assertThat(answered).isEmpty();
    }

    @Test
    void aConnectionARouteTookOverAnswersNoOtherRequest() {
        assertThat(get("/stream", "Host: " + HOST)).isEmpty();
        ByteBuf next = Unpooled.copiedBuffer("GET /health HTTP/1.1\r\nHost: " + HOST + "\r\n\r\n", StandardCharsets.US_ASCII);
        connection.writeInbound(next);
        assertThat((Object) connection.readOutbound()).isNull();
        assertThat((Object) connection.readInbound()).as("not passed on either").isNull();
        assertThat(answered).containsExactly("taken /stream");
    }

    @Test
    void theRequestIsReleasedOnceItsRouteHasReturned() {
        List<io.netty.handler.codec.http.FullHttpRequest> seen = new ArrayList<>();
        EmbeddedChannel channel = new EmbeddedChannel(new HttpServerCodec(), new HttpObjectAggregator(1024),
                new Router(List.of(), List.of(route(PathMatch.exactly("/"), exchange -> seen.add(exchange.request())))));
        channel.writeInbound(Unpooled.copiedBuffer("POST / HTTP/1.1\r\nContent-Length: 2\r\n\r\nhi", StandardCharsets.US_ASCII));
        assertThat(seen).hasSize(1);
        assertThat(seen.get(0).refCnt()).isZero();
        assertThat(POST).isEqualTo(seen.get(0).method());
        channel.finishAndReleaseAll();
    }
}
