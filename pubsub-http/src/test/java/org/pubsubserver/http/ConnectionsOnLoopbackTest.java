package org.pubsubserver.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import io.netty.channel.nio.NioEventLoopGroup;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.pubsubserver.core.access.StreamTokens;
import org.pubsubserver.core.engine.Lanes;
import org.pubsubserver.core.engine.PubSubEngine;
import org.pubsubserver.core.event.EventBus;
import org.pubsubserver.core.model.NewItem;
import org.pubsubserver.core.model.NodeConfig;
import org.pubsubserver.core.store.jdbc.JdbcStorage;
import org.pubsubserver.core.usecase.CreateNode;
import org.pubsubserver.core.usecase.EngineSettings;
import org.pubsubserver.core.usecase.Publish;
import org.pubsubserver.http.connection.TrustedProxies;
import org.pubsubserver.http.sse.SseStreams;
import org.pubsubserver.http.sse.StreamLimits;
import org.xmpp.packet.JID;

/** Connection handling against a real server on loopback, with raw sockets: limits, timeouts, proxies. */
class ConnectionsOnLoopbackTest {
    private static final JID ALICE = new JID("alice@localhost/t");
    private static final String HOST = "pubsub.localhost";

    private final List<Socket> sockets = new ArrayList<>();
    private JdbcStorage storage;
    private Lanes lanes;
    private PubSubEngine engine;
    private NioEventLoopGroup group;
    private HttpServer server;
    private int port;

    /** One event loop: connections are accepted and set up in the order they were opened. */
    private void start(HttpSettings settings) throws Exception {
        storage = JdbcStorage.openInMemory("loopback-" + UUID.randomUUID());
        lanes = new Lanes(1, 100, storage.nodeStore().groupCommit());
        EventBus bus = new EventBus();
        engine = new PubSubEngine(storage.nodeStore(), bus, Clock.systemUTC(), new EngineSettings(NodeConfig.defaults()),
                lanes);
        SseStreams streams = new SseStreams();
        bus.register(streams);
        group = new NioEventLoopGroup(1);
        server = new HttpServer(settings, engine, streams, group,
                new StreamTokens(new byte[32], Clock.systemUTC(), Duration.ofHours(1)));
        port = server.start().getPort();
        engine.createNode(new CreateNode.Request(ALICE, "news")).get();
    }

    private static HttpSettings settings(int maxStreamsPerAddress) {
        return new HttpSettings("127.0.0.1", 0, Set.of(HOST, "127.0.0.1"), Duration.ofSeconds(15), Duration.ofSeconds(3), Set.of(),
                0, maxStreamsPerAddress);
    }

    @AfterEach
    void stop() throws IOException {
        for (Socket socket : sockets) {
            socket.close();
        }
        if (server != null) {
            server.stop();
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
            lanes.close();
            storage.close();
        }
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(5000);
        sockets.add(socket);
        return socket;
    }

    private Socket get(String path, String... headers) throws IOException {
        Socket socket = connect();
        StringBuilder request = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: " + HOST + "\r\n");
        for (String header : headers) {
            request.append(header).append("\r\n");
        }
        socket.getOutputStream().write(request.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
        return socket;
    }

    private static String statusLine(Socket socket) throws IOException {
        return reader(socket).readLine();
    }

    private static BufferedReader reader(Socket socket) throws IOException {
        return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
    }

    /** Whether the server closed the socket (end of stream) before it sent anything, within the read timeout. */
    private static boolean closedSilently(Socket socket) throws IOException {
        return socket.getInputStream().read() == -1;
    }

    private static String firstData(BufferedReader stream) throws IOException {
        String line;
        while ((line = stream.readLine()) != null && !line.startsWith("data: ")) {
            // the head, the preamble and the id
        }
        return line;
    }

    @Test
    void pastTheConnectionLimitOfAnAddressTheNextSilentSocketIsClosedAndTheOthersAreStillServed() throws Exception {
        int limit = 4;
        start(settings(0).withConnections(new HttpSettings.Connections(Duration.ofSeconds(30), 0, limit)));
        List<Socket> silent = new ArrayList<>();
        for (int i = 0; i < limit; i++) {
            silent.add(connect());
        }
        Socket over = connect();
        assertThat(closedSilently(over)).as("connection " + (limit + 1) + " from 127.0.0.1").isTrue();
        // the silent ones are open and served: a request on the first is answered
        silent.get(0).getOutputStream().write(("GET /nodes HTTP/1.1\r\nHost: " + HOST + "\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        assertThat(statusLine(silent.get(0))).isEqualTo("HTTP/1.1 200 OK");
        // a closed one gives its place back
        silent.get(1).close();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        String status;
        do { // the server learns of the close a moment later
            status = statusOrNull(get("/nodes"));
        } while (!"HTTP/1.1 200 OK".equals(status) && System.nanoTime() < deadline);
        assertThat(status).isEqualTo("HTTP/1.1 200 OK");
    }

    /** The status line, or null where the connection was closed (or reset) first. */
    private static String statusOrNull(Socket socket) {
        try {
            return statusLine(socket);
        } catch (IOException e) {
            return null;
        }
    }

    @Test
    void aSilentSocketIsClosedAfterTheRequestTimeoutWhileOpenStreamsAreNot_rfc9112_9_5() throws Exception {
        Duration timeout = Duration.ofMillis(500);
        start(settings(0).withConnections(new HttpSettings.Connections(timeout, 0, 0)));
        Socket stream = get("/eventsource/news");
        BufferedReader events = reader(stream);
        assertThat(events.readLine()).isEqualTo("HTTP/1.1 200 OK");
        java.net.http.HttpClient h2c = java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_2).build();
        var http2Stream = h2c.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + port + "/eventsource/news")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofLines());
        assertThat(http2Stream.version()).isEqualTo(java.net.http.HttpClient.Version.HTTP_2);

        long opened = System.nanoTime();
        Socket silent = connect();
        assertThat(closedSilently(silent)).as("closed within the read timeout of 5 s").isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - opened)).as("not before the timeout")
                .isGreaterThanOrEqualTo(timeout.minusMillis(50));
        // the streams were open as long, and more: both still carry events
        engine.publish(new Publish.Request(ALICE, "news", List.of(new NewItem("1", "<e xmlns='urn:t'>late</e>")))).get();
        assertThat(firstData(events)).isEqualTo("data: <e xmlns='urn:t'>late</e>");
        var lines = http2Stream.body().iterator();
        String line = "";
        while (lines.hasNext() && !(line = lines.next()).startsWith("data: ")) {
            // the preamble and the id
        }
        assertThat(line).isEqualTo("data: <e xmlns='urn:t'>late</e>");
        http2Stream.body().close();
    }

    @Test
    void behindATrustedProxyStreamsAreLimitedPerForwardedClientNotPerProxy_rfc7239_5_2() throws Exception {
        start(settings(2).withTrustedProxies(TrustedProxies.parse(List.of("127.0.0.1"))));
        try (CapturedLogs logs = new CapturedLogs(StreamLimits.class)) {
            assertThat(statusLine(get("/eventsource/news", "X-Forwarded-For: 203.0.113.1"))).isEqualTo("HTTP/1.1 200 OK");
            assertThat(statusLine(get("/eventsource/news", "X-Forwarded-For: 203.0.113.1"))).isEqualTo("HTTP/1.1 200 OK");
            assertThat(statusLine(get("/eventsource/news", "X-Forwarded-For: 203.0.113.1")))
                    .as("the third of one client").isEqualTo("HTTP/1.1 503 Service Unavailable");
            assertThat(statusLine(get("/eventsource/news", "Forwarded: for=203.0.113.1")))
                    .as("the same client named by RFC 7239's header").isEqualTo("HTTP/1.1 503 Service Unavailable");
            // other clients through the same proxy: before, every reader behind it shared the proxy's limit
            for (int client = 2; client < 6; client++) {
                assertThat(statusLine(get("/eventsource/news", "X-Forwarded-For: 203.0.113." + client)))
                        .as("client " + client).isEqualTo("HTTP/1.1 200 OK");
            }
            // a client cannot pass for another by writing the header itself: the proxy appends what it saw
            assertThat(statusLine(get("/eventsource/news", "X-Forwarded-For: 198.51.100.9, 203.0.113.1")))
                    .isEqualTo("HTTP/1.1 503 Service Unavailable");
            // requests of the proxy itself (no forwarded address) are not limited per address
            for (int i = 0; i < 3; i++) {
                assertThat(statusLine(get("/eventsource/news"))).isEqualTo("HTTP/1.1 200 OK");
            }
            assertThat(logs.at(Level.WARN)).as("logged once, with the setting to raise").singleElement().asString()
                    .contains("203.0.113.1 (via 127.0.0.1)").contains("http.max-streams-per-address (2)");
        }
    }

    @Test
    void headersFromAPeerThatIsNotATrustedProxyDoNotChangeItsAddress() throws Exception {
        start(settings(2).withTrustedProxies(TrustedProxies.parse(List.of("10.0.0.0/8"))));
        assertThat(statusLine(get("/eventsource/news", "X-Forwarded-For: 203.0.113.1"))).isEqualTo("HTTP/1.1 200 OK");
        assertThat(statusLine(get("/eventsource/news", "X-Forwarded-For: 203.0.113.2"))).isEqualTo("HTTP/1.1 200 OK");
        assertThat(statusLine(get("/eventsource/news", "X-Forwarded-For: 203.0.113.3")))
                .as("all three are 127.0.0.1's").isEqualTo("HTTP/1.1 503 Service Unavailable");
    }
}
