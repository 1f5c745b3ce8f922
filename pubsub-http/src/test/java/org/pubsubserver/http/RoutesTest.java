package org.pubsubserver.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pubsubserver.core.usecase.CreateNode;
import org.xmpp.packet.JID;

/**
 * Every answer of every route, byte for byte, through the server's real pipeline on an embedded channel: the page,
 * the list of nodes, the streams of one node and of several, and the refusals in front of them (bad request,
 * unknown host, malformed URL, unknown path, method, preflight, token, access, stream limit).
 */
class RoutesTest {
    private static final JID ALICE = new JID("alice@localhost/t");
    private static final JID BOB = new JID("bob@localhost");
    private static final HttpSettings SETTINGS = new HttpSettings("127.0.0.1", 0, Set.of(Http1Connections.HOST),
            Duration.ofSeconds(15), Duration.ofSeconds(3), Set.of("https://app.example"), 1, 0);
    private static final String STREAM_HEAD = "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream; charset=utf-8\r\n"
            + "cache-control: no-store\r\nX-Accel-Buffering: no\r\nvary: Origin\r\naccess-control-allow-origin: *\r\n"
            + "transfer-encoding: chunked\r\n\r\n";

    @RegisterExtension
    static final Http1Connections server = new Http1Connections();

    @BeforeAll
    static void nodes() throws Exception {
        server.engine().createNode(new CreateNode.Request(ALICE, "n")).get();
        server.engine().createNode(new CreateNode.Request(ALICE, "m")).get();
        server.engine().createNode(new CreateNode.Request(ALICE, "secret", Map.of("pubsub#access_model", "whitelist")))
                .get();
    }

    private static String request(String method, String target, String... headers) {
        StringBuilder out = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\nHost: ")
                .append(Http1Connections.HOST).append("\r\n");
        for (String header : headers) {
            out.append(header).append("\r\n");
        }
        return out.append("\r\n").toString();
    }

    /** What the server answers to {@code request} on a new connection. */
    private static String answer(String request) {
        return server.exchange(server.open(SETTINGS), request);
    }

    /** A short text answer ({@code connection}: its Connection field, or null for none). */
    private static String text(String status, String body, String connection) {
        return "HTTP/1.1 " + status + "\r\ncontent-type: text/plain; charset=utf-8\r\ncache-control: no-store\r\n"
                + "content-length: " + (body.getBytes(StandardCharsets.UTF_8).length + 1) + "\r\n"
                + (connection == null ? "" : "connection: " + connection + "\r\n") + "\r\n" + body + "\n";
    }

    private static String chunk(String text) {
        return Integer.toHexString(text.getBytes(StandardCharsets.UTF_8).length) + "\r\n" + text + "\r\n";
    }

    @Test
    void aRequestTheCodecCouldNotDecodeIs400AndClosed_rfc9112_2_2() {
        assertThat(answer(request("GET", "/eventsource/n", "Content-Length: x")))
                .isEqualTo(text("400 Bad Request", "Bad request", "close"));
    }

    @Test
    void aHostThatIsNotOursIs404OnEveryPath_rfc9110_7_4() {
        String elsewhere = "GET /eventsource/n HTTP/1.1\r\nHost: example.org\r\n\r\n";
        assertThat(answer(elsewhere)).isEqualTo(text("404 Not Found", "Unknown host", "keep-alive"));
        assertThat(answer("GET / HTTP/1.1\r\nHost: example.org\r\n\r\n"))
                .isEqualTo(text("404 Not Found", "Unknown host", "keep-alive"));
        assertThat(answer("GET /bad%zz HTTP/1.1\r\nHost: example.org\r\n\r\n"))
                .isEqualTo(text("404 Not Found", "Unknown host", "keep-alive"));
    }

    @Test
    void aMalformedUrlIs400() {
        assertThat(answer(request("GET", "/eventsource/bad%zz"))).startsWith("HTTP/1.1 400 Bad Request\r\n")
                .contains("\r\n\r\nMalformed URL: ");
        assertThat(answer(request("GET", "/bad%zz"))).startsWith("HTTP/1.1 400 Bad Request\r\n");
    }

    @Test
    void aPathNoRouteServesAndAMethodThePageAndTheListDoNotServeAre404() {
        for (String[] asked : new String[][] {{"GET", "/other"}, {"POST", "/"}, {"OPTIONS", "/"},
                {"OPTIONS", "/nodes"}, {"POST", "/nodes"}, {"HEAD", "/eventsource"}, {"POST", "/eventsource"},
                {"HEAD", "/eventsource/"}, {"DELETE", "/eventsource/"}}) {
            String notFound = text("404 Not Found", "Not found", "keep-alive");
            assertThat(answer(request(asked[0], asked[1]))).as(String.join(" ", asked))
                    .isEqualTo(asked[0].equals("HEAD") ? notFound.replace("Not found\n", "") : notFound);
        }
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = RoutesTest.class.getResourceAsStream("/org/pubsubserver/http/web/" + name)) {
            return in.readAllBytes();
        }
    }

    @Test
    void theConsoleIsServedAtTheRootWithItsScriptAndStyleEachWithItsTypeAnETagAndTheConnectionKept() throws IOException {
        String policy = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; "
                + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
        for (String[] file : new String[][] {{"/?node=x", "index.html", "text/html; charset=utf-8"},
                {"/console.js", "console.js", "text/javascript; charset=utf-8"},
                {"/console.css", "console.css", "text/css; charset=utf-8"}}) {
            byte[] body = resource(file[1]);
            EmbeddedChannel connection = server.open(SETTINGS);
            String answer = server.exchange(connection, request("GET", file[0]));
            assertThat(answer).as(file[0]).matches("(?s)HTTP/1\\.1 200 OK\r\ncontent-type: " + java.util.regex.Pattern.quote(file[2])
                    + "\r\ncache-control: no-cache\r\ncontent-length: " + body.length
                    + "\r\netag: \"[0-9a-f]{24}\"\r\nX-Content-Type-Options: nosniff\r\n"
                    + (file[1].equals("index.html") ? java.util.regex.Pattern.quote("Content-Security-Policy: " + policy)
                    + "\r\n" : "") + "connection: keep-alive\r\n\r\n.*")
                    .endsWith("\r\n\r\n" + new String(body, StandardCharsets.ISO_8859_1));
            assertThat(connection.isOpen()).isTrue();
        }
        assertThat(new String(resource("index.html"), StandardCharsets.UTF_8))
                .contains("<script src=\"console.js\" defer></script>", "<link rel=\"stylesheet\" href=\"console.css\">");
    }

    @Test
    void headOnAConsoleFileIsItsHeadWithoutContent_rfc9110_9_3_2() throws IOException {
        String head = answer(request("HEAD", "/console.css"));
        assertThat(head).startsWith("HTTP/1.1 200 OK\r\n").contains("content-type: text/css; charset=utf-8",
                "content-length: " + resource("console.css").length).endsWith("\r\n\r\n");
    }

    @Test
    void aConsoleFileAskedAgainWithItsETagIs304WithoutABody_rfc9110_13_1_2() {
        String first = answer(request("GET", "/console.js"));
        String etag = first.substring(first.indexOf("etag: ") + 6, first.indexOf("\r\n", first.indexOf("etag: ")));
        String notModified = "HTTP/1.1 304 Not Modified\r\netag: " + etag + "\r\nX-Content-Type-Options: nosniff\r\n"
                + "cache-control: no-cache\r\nconnection: keep-alive\r\n\r\n";
        assertThat(answer(request("GET", "/console.js", "If-None-Match: " + etag))).isEqualTo(notModified);
        assertThat(answer(request("GET", "/console.js", "If-None-Match: \"old\", W/" + etag))).as("a weak match")
                .isEqualTo(notModified);
        assertThat(answer(request("GET", "/console.js", "If-None-Match: \"old\""))).startsWith("HTTP/1.1 200 OK\r\n");
        assertThat(answer(request("GET", "/console.css", "If-None-Match: " + etag))).as("another file's tag")
                .startsWith("HTTP/1.1 200 OK\r\n");
    }

    @Test
    void theListOfOpenNodesIsJsonForAnyOrigin_fetchCorsProtocol() {
        String list = "[\"m\",\"n\"]";
        assertThat(answer(request("GET", "/nodes"))).isEqualTo("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n"
                + "cache-control: no-cache\r\ncontent-length: " + list.length() + "\r\nvary: Origin\r\n"
                + "access-control-allow-origin: *\r\nconnection: keep-alive\r\n\r\n" + list);
        assertThat(answer(request("GET", "/nodes", "Origin: https://app.example"))).contains(
                "\r\nvary: Origin\r\naccess-control-allow-origin: https://app.example\r\n"
                        + "access-control-allow-credentials: true\r\nconnection: keep-alive\r\n\r\n" + list);
    }

    @Test
    void theOpenNodesWithDetailsAreJsonObjectsForAnyOrigin() throws Exception {
        server.engine().createNode(new CreateNode.Request(ALICE, "titled/\"node\"", Map.of("pubsub#title", "Weather",
                "pubsub#description", "Every \"minute\"\nor so", "pubsub#node_type", "collection"))).get();
        server.engine().createNode(new CreateNode.Request(ALICE, "z")).get();
        server.engine().publish(new org.pubsubserver.core.usecase.Publish.Request(ALICE, "z", java.util.List.of(
                new org.pubsubserver.core.model.NewItem("i", "<e xmlns='urn:t'/>")))).get();
        try {
            String list = "[{\"node\":\"m\",\"title\":\"\",\"description\":\"\",\"access_model\":\"open\","
                    + "\"type\":\"leaf\",\"items\":0},"
                    + "{\"node\":\"n\",\"title\":\"\",\"description\":\"\",\"access_model\":\"open\",\"type\":\"leaf\","
                    + "\"items\":0},"
                    + "{\"node\":\"titled/\\\"node\\\"\",\"title\":\"Weather\",\"description\":\"Every \\\"minute\\\"\\nor so\","
                    + "\"access_model\":\"open\",\"type\":\"collection\",\"items\":0},"
                    + "{\"node\":\"z\",\"title\":\"\",\"description\":\"\",\"access_model\":\"open\",\"type\":\"leaf\","
                    + "\"items\":1}]";
            assertThat(answer(request("GET", "/nodes?details"))).isEqualTo("HTTP/1.1 200 OK\r\n"
                    + "content-type: application/json\r\ncache-control: no-cache\r\ncontent-length: "
                    + list.getBytes(StandardCharsets.UTF_8).length + "\r\nvary: Origin\r\n"
                    + "access-control-allow-origin: *\r\nconnection: keep-alive\r\n\r\n" + list);
            assertThat(answer(request("GET", "/nodes"))).as("the names alone, as before")
                    .endsWith("\r\n\r\n[\"m\",\"n\",\"titled/\\\"node\\\"\",\"z\"]");
        } finally {
            for (String node : new String[] {"titled/\"node\"", "z"}) {
                server.engine().deleteNode(new org.pubsubserver.core.usecase.DeleteNode.Request(ALICE, node, null)).get();
            }
        }
    }

    @Test
    void optionsOnEveryStreamPathIs204WithAllowAndAPreflightGetsTheCorsAnswer_fetchCorsProtocol() {
        String allowed = "HTTP/1.1 204 No Content\r\ncache-control: no-store\r\nallow: GET, HEAD, OPTIONS\r\n"
                + "connection: keep-alive\r\n\r\n";
        for (String path : new String[] {"/eventsource/n", "/eventsource", "/eventsource/", "/eventsource/nope"}) {
            assertThat(answer(request("OPTIONS", path))).as(path).isEqualTo(allowed);
        }
        assertThat(answer(request("OPTIONS", "/eventsource/n", "Origin: https://elsewhere.example",
                "Access-Control-Request-Method: GET"))).isEqualTo("HTTP/1.1 204 No Content\r\ncache-control: no-store\r\n"
                + "allow: GET, HEAD, OPTIONS\r\nvary: Origin\r\naccess-control-allow-origin: *\r\n"
                + "access-control-allow-methods: GET, HEAD, OPTIONS\r\n"
                + "access-control-allow-headers: Last-Event-ID, Cache-Control\r\naccess-control-max-age: 600\r\n"
                + "connection: keep-alive\r\n\r\n");
        String token = server.tokens().issue(BOB).value();
        assertThat(answer(request("OPTIONS", "/eventsource?token=" + token, "Origin: https://elsewhere.example",
                "Access-Control-Request-Method: GET"))).isEqualTo(text("403 Forbidden",
                "Origin not allowed to read with a token or to publish (see http.cors-origins)", "keep-alive"));
    }

    /** Issue 17: a token that may publish reads streams as its cookie, never from the URL (URLs are logged). */
    @Test
    void aTokenThatMayPublishIsRefusedInAStreamsUrl_andTakenAsItsCookie() {
        String token = server.tokens().issue(ALICE, org.pubsubserver.core.access.StreamTokens.Scope.PUBLISH).value();
        String refused = answer(request("GET", "/eventsource/secret?token=" + token));
        assertThat(refused).startsWith("HTTP/1.1 401 Unauthorized").contains("www-authenticate: Bearer realm=\"pubsub\"")
                .contains("A token that may publish is not taken from the URL");
        assertThat(answer(request("GET", "/eventsource/secret", "Cookie: pubsub_token=" + token)))
                .startsWith("HTTP/1.1 200 OK");
    }

    @Test
    void anotherMethodOnANodesStreamIs405WithAllow_rfc9110_15_5_6() {
        assertThat(answer(request("POST", "/eventsource/n"))).isEqualTo("HTTP/1.1 405 Method Not Allowed\r\n"
                + "content-type: text/plain; charset=utf-8\r\ncache-control: no-store\r\ncontent-length: 38\r\n"
                + "allow: GET, HEAD, OPTIONS\r\nconnection: keep-alive\r\n\r\nGET, HEAD and OPTIONS are served here\n");
    }

    @Test
    void aNodesStreamStartsWithItsHeadAndOpeningAndHeadIsTheHeadAlone() {
        EmbeddedChannel connection = server.open(SETTINGS);
        assertThat(server.exchange(connection, request("GET", "/eventsource/n") + request("GET", "/")))
                .as("the request after a stream's is not answered")
                .isEqualTo(STREAM_HEAD + chunk(": stream of node n\n\nretry: 3000\n\nid: 0\n\n"));
        assertThat(connection.isOpen()).isTrue();
        assertThat(answer(request("HEAD", "/eventsource/n"))).isEqualTo("HTTP/1.1 200 OK\r\n"
                + "content-type: text/event-stream; charset=utf-8\r\ncache-control: no-store\r\n"
                + "X-Accel-Buffering: no\r\nvary: Origin\r\naccess-control-allow-origin: *\r\n\r\n");
    }

    @Test
    void aNodesStreamIsRefusedWithTheStatusThatSaysWhy() {
        assertThat(answer(request("GET", "/eventsource/nope")))
                .isEqualTo(text("404 Not Found", "No node named 'nope'", "close"));
        assertThat(answer(request("GET", "/eventsource/n?last=many")))
                .isEqualTo(text("400 Bad Request", "'last' is a number of items (at most 1000 are sent)", "keep-alive"));
        assertThat(answer(request("GET", "/eventsource/secret"))).isEqualTo(unauthorized("Node 'secret' is not open:"
                + " read it with a token (the XMPP command 'urn:pubsubserver:sse-token' gives one)"));
        assertThat(answer(request("GET", "/eventsource/n?token=forged")))
                .isEqualTo(unauthorized("The token is not valid or has expired: get a new one over XMPP"));
        String token = server.tokens().issue(BOB).value();
        assertThat(answer(request("GET", "/eventsource/secret", "Cookie: pubsub_token=" + token)))
                .isEqualTo(text("403 Forbidden", "bob@localhost may not read 'secret'", "close"));
    }

    private static String unauthorized(String body) {
        return text("401 Unauthorized", body, null).replace("\r\n\r\n", "\r\nwww-authenticate: Bearer realm=\"pubsub\"\r\n\r\n");
    }

    @Test
    void pastTheStreamLimitAStreamIs503WithRetryAfter() {
        HttpChannelInitializer shared = server.initializer(SETTINGS);
        assertThat(server.exchange(server.connect("192.0.2.1", shared), request("GET", "/eventsource/n")))
                .startsWith(STREAM_HEAD);
        for (String path : new String[] {"/eventsource/n", "/eventsource?node=n"}) {
            assertThat(server.exchange(server.connect("192.0.2.2", shared), request("GET", path))).as(path)
                    .isEqualTo(text("503 Service Unavailable", "Too many streams; try again later", "close")
                            .replace("connection: close", "retry-after: 10\r\nconnection: close"));
        }
    }

    @Test
    void aStreamOfSeveralNodesStartsEachAndIsRefusedWithTheStatusThatSaysWhy() {
        assertThat(answer(request("GET", "/eventsource?node=n&node=m&node=n")))
                .isEqualTo(STREAM_HEAD + chunk(": stream of nodes [n, m]\n\nretry: 3000\n\n") + chunk("id: n:0\n\n")
                        + chunk("id: n:0,m:0\n\n"));
        assertThat(answer(request("GET", "/eventsource/?node=m"))).startsWith(STREAM_HEAD);
        String name = "Name 1 to 64 nodes: /eventsource?node=a&node=b";
        assertThat(answer(request("GET", "/eventsource"))).isEqualTo(text("400 Bad Request", name, "keep-alive"));
        assertThat(answer(request("GET", "/eventsource?node=n&node="))).isEqualTo(text("400 Bad Request", name,
                "keep-alive"));
        assertThat(answer(request("GET", "/eventsource?node=n&last=many"))).isEqualTo(text("400 Bad Request",
                "'last' is a number of items (at most 1000 are sent)", "keep-alive"));
        assertThat(answer(request("GET", "/eventsource?node=n&node=nope")))
                .isEqualTo(text("404 Not Found", "No node named 'nope'", "close"));
        assertThat(answer(request("GET", "/eventsource?node=secret")))
                .isEqualTo(unauthorized("Node 'secret' is not open: read it with a token"));
        String token = server.tokens().issue(BOB).value();
        assertThat(answer(request("GET", "/eventsource?node=secret&token=" + token)))
                .isEqualTo(text("403 Forbidden", "bob@localhost may not read 'secret'", "close"));
    }

    @Test
    void aStreamOfSeveralNodesResumesFromTheLastEventIdParameterAndTheHeaderWins_whatwgLastEventId() {
        String resumedAtM = STREAM_HEAD + chunk(": stream of nodes [n, m]\n\nretry: 3000\n\n")
                + chunk("id: m:0,n:0\n\n") + chunk("id: m:0,n:0\n\n");
        assertThat(answer(request("GET", "/eventsource?node=n&node=m&lastEventId=m%3A0"))).isEqualTo(resumedAtM);
        assertThat(answer(request("GET", "/eventsource?node=n&node=m&lastEventId=n%3A0", "Last-Event-ID: m:0")))
                .isEqualTo(resumedAtM);
    }
}
