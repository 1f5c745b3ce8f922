package org.pubsubserver.http.sse;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.nio.NioEventLoopGroup;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pubsubserver.core.engine.Lanes;
import org.pubsubserver.core.engine.PubSubEngine;
import org.pubsubserver.core.event.EventBus;
import org.pubsubserver.core.model.NewItem;
import org.pubsubserver.core.model.NodeConfig;
import org.pubsubserver.core.store.jdbc.JdbcStorage;
import org.pubsubserver.core.usecase.CreateNode;
import org.pubsubserver.core.usecase.DeleteNode;
import org.pubsubserver.core.usecase.ArchiveSettings;
import org.pubsubserver.core.usecase.EngineSettings;
import org.pubsubserver.core.usecase.Publish;
import org.pubsubserver.http.HttpServer;
import org.pubsubserver.http.HttpSettings;
import org.xmpp.packet.JID;

/** The SSE endpoint over a real socket, read line by line as an EventSource client reads it. */
class EventSourceEndpointTest {
    private static final JID ALICE = new JID("alice@localhost/t");
    private static final int STREAMS_PER_ADDRESS = 8;
    private static final org.pubsubserver.core.access.StreamTokens TOKENS = new org.pubsubserver.core.access.StreamTokens(
            new byte[32], Clock.systemUTC(), Duration.ofHours(1));

    private JdbcStorage storage;
    private Lanes lanes;
    private PubSubEngine engine;
    private NioEventLoopGroup group;
    private HttpServer server;
    private SseStreams streams;
    private int port;

    /**
     * The nodes keep no archive here (what a resume gets without one), except in the tests tagged "archive" (what the
     * archive adds, XEP-0442).
     */
    @BeforeEach
    void start(org.junit.jupiter.api.TestInfo test) throws Exception {
        storage = JdbcStorage.openInMemory("sse-" + UUID.randomUUID());
        lanes = new Lanes(2, 100, storage.nodeStore().groupCommit());
        EventBus bus = new EventBus();
        engine = new PubSubEngine(storage.nodeStore(), bus, Clock.systemUTC(),
                new EngineSettings(NodeConfig.defaults(), org.pubsubserver.core.access.ServicePolicy.open(),
                        org.pubsubserver.core.access.RosterSource.NONE,
                        test.getTags().contains("archive") ? ArchiveSettings.DEFAULTS : ArchiveSettings.OFF), lanes);
        streams = new SseStreams();
        bus.register(streams);
        group = new NioEventLoopGroup(1);
        server = new HttpServer(new HttpSettings("127.0.0.1", 0, Set.of("pubsub.localhost", "127.0.0.1"), Duration.ofSeconds(15),
                Duration.ofSeconds(3), Set.of("https://app.example"), 0, STREAMS_PER_ADDRESS), engine, streams, group, TOKENS);
        InetSocketAddress bound = server.start();
        port = bound.getPort();
        engine.createNode(new CreateNode.Request(ALICE, "news/today")).get();
    }

    @AfterEach
    void stop() {
        server.stop();
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
        lanes.close();
        storage.close();
    }

    private Socket get(String path, String host) throws Exception {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(5000);
        OutputStream out = socket.getOutputStream();
        out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nAccept: text/event-stream\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        out.flush();
        return socket;
    }

    /** A stream of {@code path} (asked with {@code headers}), read past its head up to the line {@code last}. */
    private String streamUntil(String path, String last, String... headers) throws Exception {
        try (Socket socket = request("GET", path, headers)) {
            return readUntilLine(afterHead(socket), last);
        }
    }

    /** The response on {@code socket}, read as text line by line. */
    private static BufferedReader reader(Socket socket) throws Exception {
        return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
    }

    /** The response on {@code socket}, past its head (status line and header fields). */
    private static BufferedReader afterHead(Socket socket) throws Exception {
        BufferedReader reader = reader(socket);
        readUntilBlank(reader);
        return reader;
    }

    private static List<String> readUntilBlank(BufferedReader reader) throws Exception {
        List<String> lines = new ArrayList<>();
        String line;
        while ((line = reader.readLine()) != null && !line.isEmpty()) {
            lines.add(line);
        }
        return lines;
    }

    private void awaitStreams(int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (streams.count() != count && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(streams.count()).isEqualTo(count);
    }

    @Test
    void streamsEachPublishedPayloadAsADefaultEvent() throws Exception {
        try (Socket socket = get("/eventsource/news%2Ftoday", "pubsub.localhost:" + port)) {
            BufferedReader reader = reader(socket);
            List<String> head = readUntilBlank(reader);
            assertThat(head.get(0)).isEqualTo("HTTP/1.1 200 OK");
            assertThat(head.stream().map(h -> h.toLowerCase(java.util.Locale.ROOT)).toList()).contains("content-type: text/event-stream; charset=utf-8", "cache-control: no-store",
                    "x-accel-buffering: no", "transfer-encoding: chunked");
            awaitStreams(1);
            engine.publish(new Publish.Request(ALICE, "news/today",
                    List.of(new NewItem("i1", "<entry xmlns='urn:t'>one\ntwo</entry>")))).get();
            StringBuilder body = new StringBuilder();
            String line;
            while ((line = reader.readLine()) != null) {
                body.append(line).append('\n');
                if (body.indexOf("data: two</entry>\n") >= 0) {
                    break;
                }
            }
            // chunked framing lines surround the event text; the event itself is intact
            // "id: 0" without data: the client's last event id is where the node stood when the stream opened
            assertThat(body.toString()).contains(": stream of node news/today\n", "retry: 3000\n", "id: 0\n",
                    "id: 1\ndata: <entry xmlns='urn:t'>one\ndata: two</entry>\n");
        }
    }

    @Test
    void aPlusInTheNodeNameIsAPlusAndAMalformedEscapeIs400() throws Exception {
        engine.createNode(new CreateNode.Request(ALICE, "a+b c")).get();
        try (Socket socket = get("/eventsource/a+b%20c", "pubsub.localhost")) {
            BufferedReader reader = reader(socket);
            assertThat(reader.readLine()).isEqualTo("HTTP/1.1 200 OK");
        }
        try (Socket socket = get("/eventsource/bad%zz", "pubsub.localhost")) {
            BufferedReader reader = reader(socket);
            assertThat(reader.readLine()).isEqualTo("HTTP/1.1 400 Bad Request");
        }
    }

    @Test
    void aSecondRequestOnAnOpenStreamDoesNotCorruptIt() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5000);
            String request = "GET /eventsource/news/today HTTP/1.1\r\nHost: pubsub.localhost\r\n\r\n";
            socket.getOutputStream().write((request + request).getBytes(StandardCharsets.UTF_8));
            BufferedReader reader = reader(socket);
            assertThat(readUntilBlank(reader).get(0)).isEqualTo("HTTP/1.1 200 OK");
            awaitStreams(1);
            engine.publish(new Publish.Request(ALICE, "news/today",
                    List.of(new NewItem("i1", "<entry xmlns='urn:t'>one</entry>")))).get();
            StringBuilder body = new StringBuilder();
            String line;
            while ((line = reader.readLine()) != null && !line.contains("data: <entry")) {
                body.append(line).append('\n');
            }
            assertThat(line).isNotNull();
            assertThat(body.toString()).doesNotContain("HTTP/1.1");
            assertThat(streams.count()).isEqualTo(1);
        }
    }

    @Test
    void aRetractWithNotifyIsANamedEventWhoseDataIsTheItemId_xep0060_7_2_2_1() throws Exception {
        engine.publish(new Publish.Request(ALICE, "news/today",
                List.of(new NewItem("i1", "<entry xmlns='urn:t'>one</entry>")))).get();
        try (Socket socket = get("/eventsource/news/today", "pubsub.localhost")) {
            BufferedReader reader = afterHead(socket);
            awaitStreams(1);
            engine.retractItems(new org.pubsubserver.core.usecase.RetractItems.Request(ALICE, "news/today",
                    List.of("i1"), true)).get();
            StringBuilder body = new StringBuilder();
            String line;
            while ((line = reader.readLine()) != null) {
                body.append(line).append('\n');
                if (line.equals("data: i1")) {
                    break;
                }
            }
            // the removal takes the next place in the sequence (2, after the item's 1): its id
            assertThat(body.toString()).contains("event: retract\nid: 2\ndata: i1\n");
        }
    }

    @Test
    void aRetractWithoutNotifyOnANodeWithoutNotifyRetractIsNotToldToStreamsAsToXmppSubscribers_xep0060_7_2_2_1()
            throws Exception {
        publish("i1", "<e xmlns='urn:t'>1</e>");
        try (Socket socket = request("GET", "/eventsource/news/today")) {
            BufferedReader reader = afterHead(socket);
            assertThat(readUntilLine(reader, "id: 1")).isNotEmpty();
            awaitStreams(1);
            engine.retractItems(new org.pubsubserver.core.usecase.RetractItems.Request(ALICE, "news/today",
                    List.of("i1"), false)).get();
            publish("i2", "<e xmlns='urn:t'>2</e>");
            assertThat(readUntilLine(reader, "data: <e xmlns='urn:t'>2</e>")).doesNotContain("retract")
                    .contains("id: 2\n"); // the untold removal took no place in the sequence
        }
        // a stream that saw i1 is not told of its removal on resuming either: it gets what came after
        assertThat(streamUntil("/eventsource/news/today", "data: <e xmlns='urn:t'>2</e>", "Last-Event-ID: 1"))
                .doesNotContain("reset").contains("id: 2\n");
        // one that was away since before i1 cannot be brought up to date (i1 is gone): a reset
        assertThat(streamUntil("/eventsource/news/today", "data: {\"node\":\"news/today\"}", "Last-Event-ID: 0"))
                .contains("event: reset\nid: 2\n");
    }

    @Test
    void anEvictionReachesStreamsOnlyUnderNotifyRetract_xep0060_7_1_2_5() throws Exception {
        engine.createNode(new CreateNode.Request(ALICE, "quiet", java.util.Map.of("pubsub#max_items", "1"))).get();
        engine.createNode(new CreateNode.Request(ALICE, "told", java.util.Map.of("pubsub#max_items", "1",
                "pubsub#notify_retract", "true"))).get();
        for (String node : List.of("quiet", "told")) {
            engine.publish(new Publish.Request(ALICE, node, List.of(new NewItem("a", "<e xmlns='urn:t'>a</e>")))).get();
        }
        try (Socket quiet = request("GET", "/eventsource/quiet"); Socket told = request("GET", "/eventsource/told")) {
            BufferedReader quietReader = afterHead(quiet);
            BufferedReader toldReader = afterHead(told);
            awaitStreams(2);
            for (String node : List.of("quiet", "told")) {
                // pushes "a" out (publish_node_full retract-oldest, the default)
                engine.publish(new Publish.Request(ALICE, node, List.of(new NewItem("b", "<e xmlns='urn:t'>b</e>")))).get();
            }
            // notify_retract false (the default): one event per publish, as XMPP subscribers get one notification
            // (an untold eviction takes no place in the node's sequence)
            assertThat(readUntilLine(quietReader, "data: <e xmlns='urn:t'>b</e>")).doesNotContain("retract")
                    .endsWith("id: 2\ndata: <e xmlns='urn:t'>b</e>\n");
            String toldBody = readUntilLine(toldReader, "data: <e xmlns='urn:t'>b</e>");
            // the eviction took its place before the item that caused it
            assertThat(toldBody).contains("event: retract\nid: 2\ndata: a\n").endsWith("id: 3\ndata: <e xmlns='urn:t'>b</e>\n");
        }
    }

    private long publishTo(String node, int n) {
        try {
            return engine.publish(new Publish.Request(ALICE, node, List.of(new NewItem("i" + n,
                    "<e xmlns='urn:t'>" + n + "</e>")))).get().items().get(0).sequence();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * With the node's archive (XEP-0442), a stream that missed items pushed out of the full node since is replayed
     * them from the archive, in order and once each, where it would otherwise be reset.
     */
    @Test
    @org.junit.jupiter.api.Tag("archive")
    void aStreamThatMissedItemsPushedOutOfAFullNodeIsReplayedThemFromTheArchive_xep0442() throws Exception {
        engine.createNode(new CreateNode.Request(ALICE, "full", java.util.Map.of("pubsub#max_items", "2"))).get();
        long first = publishTo("full", 1);
        for (int n = 2; n <= 6; n++) {
            publishTo("full", n); // from the third on, each pushes the oldest out, untold
        }
        String replay = streamUntil("/eventsource/full", "data: <e xmlns='urn:t'>6</e>", "Last-Event-ID: " + first);
        assertThat(replay).doesNotContain("reset").doesNotContain(">1<");
        for (int n = 2; n <= 6; n++) {
            assertThat(replay).contains("id: " + (first + n - 1) + "\ndata: <e xmlns='urn:t'>" + n + "</e>\n");
        }
    }

    @Test
    void aStreamResumesExactlyPastUntoldEvictionsAndGetsAResetWhereAnItemItMissedIsGone_xep0060_7_1_2_5()
            throws Exception {
        // a full node of the default configuration: max_items 100, retract-oldest, notify_retract off
        engine.createNode(new CreateNode.Request(ALICE, "full")).get();
        long first = publishTo("full", 1);
        for (int n = 2; n <= 100; n++) {
            publishTo("full", n);
        }
        String live;
        try (Socket socket = request("GET", "/eventsource/full")) {
            BufferedReader reader = afterHead(socket);
            awaitStreams(1);
            for (int n = 101; n <= 103; n++) {
                publishTo("full", n); // each pushes the oldest out, untold
            }
            live = readUntilLine(reader, "data: <e xmlns='urn:t'>103</e>");
        }
        assertThat(live).doesNotContain("retract");
        List<String> ids = live.lines().filter(l -> l.startsWith("id: ")).toList();
        long lastSeen = Long.parseLong(ids.get(ids.size() - 1).substring(4));
        awaitStreams(0);
        // while it is away, three more publishes, each pushing out an item it saw
        for (int n = 104; n <= 106; n++) {
            publishTo("full", n);
        }
        // it resumes with exactly what it missed, and no reset
        try (Socket socket = request("GET", "/eventsource/full", "Last-Event-ID: " + lastSeen)) {
            BufferedReader reader = afterHead(socket);
            String replay = readOpening(reader);
            assertThat(replay).doesNotContain("reset").doesNotContain("retract").doesNotContain(">103<")
                    .contains("id: " + (lastSeen + 1) + "\ndata: <e xmlns='urn:t'>104</e>\n",
                            "id: " + (lastSeen + 2) + "\ndata: <e xmlns='urn:t'>105</e>\n",
                            "id: " + (lastSeen + 3) + "\ndata: <e xmlns='urn:t'>106</e>\n")
                    .endsWith("\nid: " + (lastSeen + 3) + "\n");
        }
        // one that left after item 1 missed items 2 to 6, pushed out since without an event: its replay would lack
        // them, so it starts over
        assertThat(streamUntil("/eventsource/full", "data: {\"node\":\"full\"}", "Last-Event-ID: " + first))
                .contains("event: reset\nid: " + (lastSeen + 3) + "\n").doesNotContain("<e xmlns");
        // a retract with notify is told to streams: one that resumes from before it cannot be replayed it
        engine.retractItems(new org.pubsubserver.core.usecase.RetractItems.Request(ALICE, "full", List.of("i50"), true))
                .get();
        assertThat(streamUntil("/eventsource/full", "data: {\"node\":\"full\"}", "Last-Event-ID: " + (lastSeen + 3)))
                .contains("event: reset\nid: " + (lastSeen + 4) + "\n");
    }

    @Test
    void aStreamOfSeveralNodesResumesEachNodeExactlyPastUntoldEvictions_xep0060_7_1_2_5() throws Exception {
        for (String node : List.of("a", "b")) {
            engine.createNode(new CreateNode.Request(ALICE, node, java.util.Map.of("pubsub#max_items", "2"))).get();
        }
        publishTo("a", 1);
        publishTo("a", 2);
        long aSeen = publishTo("a", 3); // pushes a's item 1 out, untold
        long bSeen = publishTo("b", 1);
        // while away: a's item 4 pushes out item 2, which the stream saw; b's items 2 to 4 push out its items 1
        // and 2, and the stream never saw 2
        publishTo("a", 4);
        for (int n = 2; n <= 4; n++) {
            publishTo("b", n);
        }
        try (Socket socket = request("GET", "/eventsource?node=a&node=b", "Last-Event-ID: a:" + aSeen + ",b:" + bSeen)) {
            BufferedReader reader = afterHead(socket);
            StringBuilder start = new StringBuilder();
            String line;
            int data = 0;
            while (data < 2 && (line = reader.readLine()) != null) {
                start.append(line).append('\n');
                if (line.startsWith("data: ")) {
                    data++;
                }
            }
            assertThat(start.toString())
                    .contains("data: {\"node\":\"a\",\"id\":\"i4\",\"payload\":\"<e xmlns='urn:t'>4</e>\"}")
                    .contains("event: reset\n").contains("data: {\"node\":\"b\"}")
                    .doesNotContain("data: {\"node\":\"a\"}").doesNotContain("\"id\":\"i3\"");
        }
    }

    @Test
    void itemsOfATransientNodeStreamWithoutAnId() throws Exception {
        engine.createNode(new CreateNode.Request(ALICE, "live", java.util.Map.of("pubsub#persist_items", "false"))).get();
        try (Socket socket = get("/eventsource/live", "pubsub.localhost")) {
            BufferedReader reader = afterHead(socket);
            awaitStreams(1);
            engine.publish(new Publish.Request(ALICE, "live", List.of(new NewItem("x", "<e xmlns='urn:t'>now</e>")))).get();
            StringBuilder event = new StringBuilder();
            String line;
            while ((line = reader.readLine()) != null && !line.startsWith("data: <e")) {
                event.append(line).append('\n');
                if (line.isEmpty()) {
                    event.setLength(0); // the item's event starts after the last blank line
                }
            }
            assertThat(line).isEqualTo("data: <e xmlns='urn:t'>now</e>");
            assertThat(event.toString()).doesNotContain("id:");
        }
    }

    @Test
    void aPurgeIsANamedEventWithTheNode() throws Exception {
        try (Socket socket = get("/eventsource/news/today", "pubsub.localhost")) {
            BufferedReader reader = afterHead(socket);
            awaitStreams(1);
            engine.purgeNode(new org.pubsubserver.core.usecase.PurgeNode.Request(ALICE, "news/today")).get();
            StringBuilder body = new StringBuilder();
            String line;
            while ((line = reader.readLine()) != null && !line.startsWith("data: {")) {
                body.append(line).append('\n');
            }
            assertThat(body.toString()).endsWith("event: purge\nid: 1\n");
            assertThat(line).isEqualTo("data: {\"node\":\"news/today\"}");
        }
    }

    @Test
    void unknownNodeIs404() throws Exception {
        try (Socket socket = get("/eventsource/nope", "pubsub.localhost")) {
            BufferedReader reader = reader(socket);
            assertThat(reader.readLine()).isEqualTo("HTTP/1.1 404 Not Found");
        }
    }

    @Test
    void hostThatIsNotOursIs404() throws Exception {
        try (Socket socket = get("/eventsource/news%2Ftoday", "example.org")) {
            BufferedReader reader = reader(socket);
            assertThat(reader.readLine()).isEqualTo("HTTP/1.1 404 Not Found");
        }
    }

    @Test
    void deletingTheNodeSendsANamedEventWithDataAndEndsTheStream() throws Exception {
        try (Socket socket = get("/eventsource/news/today", "pubsub.localhost")) {
            BufferedReader reader = afterHead(socket);
            awaitStreams(1);
            engine.deleteNode(new DeleteNode.Request(ALICE, "news/today")).get();
            StringBuilder body = new StringBuilder();
            String line;
            while ((line = reader.readLine()) != null) {
                body.append(line).append('\n');
            }
            assertThat(body.toString()).contains("event: delete\ndata: {\"node\":\"news/today\"}\n");
        }
        awaitStreams(0);
    }

    /** Everything the server sends on the socket until it closes the connection, as text. */
    private static String readToTheEnd(Socket socket) throws Exception {
        return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    @Test
    void aDeletedNodesStreamEndsItsChunkedBodyWithTheLastChunkBeforeTheConnectionCloses_rfc9112_7_1() throws Exception {
        try (Socket socket = request("GET", "/eventsource/news/today")) {
            awaitStreams(1);
            engine.deleteNode(new DeleteNode.Request(ALICE, "news/today")).get();
            String response = readToTheEnd(socket);
            String body = response.substring(response.indexOf("\r\n\r\n") + 4);
            // the delete event's chunk, then the last chunk: "0", no trailer fields, the empty line
            String deleteEvent = "event: delete\ndata: {\"node\":\"news/today\"}\n\n";
            assertThat(body).endsWith(Integer.toHexString(deleteEvent.length()) + "\r\n" + deleteEvent + "\r\n0\r\n\r\n");
        }
        awaitStreams(0);
    }

    @Test
    void aStreamEndedAsTheServerStopsEndsItsChunkedBodyWithTheLastChunk_rfc9112_7_1() throws Exception {
        try (Socket socket = request("GET", "/eventsource/news/today")) {
            awaitStreams(1);
            server.stop();
            assertThat(readToTheEnd(socket)).startsWith("HTTP/1.1 200 OK\r\n").endsWith("\n\n\r\n0\r\n\r\n");
        }
    }

    /** A stream of news/today over HTTP/2 without TLS (h2c, the connection upgraded from HTTP/1.1 first). */
    private java.net.http.HttpResponse<java.util.stream.Stream<String>> http2Stream() throws Exception {
        java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_2).build();
        client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/nodes")).build(),
                java.net.http.HttpResponse.BodyHandlers.discarding());
        var stream = client.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + port + "/eventsource/news%2Ftoday")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofLines());
        assertThat(stream.version()).isEqualTo(java.net.http.HttpClient.Version.HTTP_2);
        awaitStreams(1);
        return stream;
    }

    @Test
    void anHttp2StreamTheServerEndsEndsWithEndStreamNotAReset_rfc9113_8_1() throws Exception {
        var stream = http2Stream();
        engine.deleteNode(new DeleteNode.Request(ALICE, "news/today")).get();
        // a reset would fail the body ("closed"); its end completes it
        CompletableFuture<List<String>> lines = CompletableFuture.supplyAsync(() -> stream.body().toList());
        assertThat(lines.get(5, java.util.concurrent.TimeUnit.SECONDS)).containsSubsequence("event: delete",
                "data: {\"node\":\"news/today\"}");
        awaitStreams(0);
    }

    @Test
    void anHttp2StreamEndedAsTheServerStopsEndsWithEndStream_rfc9113_8_1() throws Exception {
        var stream = http2Stream();
        CompletableFuture<List<String>> lines = CompletableFuture.supplyAsync(() -> stream.body().toList());
        long started = System.nanoTime();
        server.stop();
        // the streams' ends leave at once: the connection has no open stream left to wait for when it closes
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
        assertThat(lines.get(5, java.util.concurrent.TimeUnit.SECONDS)).contains(": stream of node news/today");
    }

    @Test
    void aNodeThatIsNotOpenIs401ForAnAnonymousStream() throws Exception {
        engine.createNode(new CreateNode.Request(ALICE, "private",
                java.util.Map.of("pubsub#access_model", "whitelist"))).get();
        try (Socket socket = get("/eventsource/private", "pubsub.localhost")) {
            BufferedReader reader = reader(socket);
            List<String> head = readUntilBlank(reader);
            assertThat(head.get(0)).isEqualTo("HTTP/1.1 401 Unauthorized");
            assertThat(head).anySatisfy(h -> assertThat(h.toLowerCase(java.util.Locale.ROOT)).startsWith("www-authenticate: bearer"));
        }
    }

    @Test
    void aNodeThatStopsBeingOpenEndsItsAnonymousStreams() throws Exception {
        try (Socket socket = get("/eventsource/news/today", "pubsub.localhost")) {
            BufferedReader reader = afterHead(socket);
            awaitStreams(1);
            engine.configureNode(new org.pubsubserver.core.usecase.ConfigureNode.Request(ALICE, "news/today",
                    java.util.Map.of("pubsub#access_model", "authorize"))).get();
            while (reader.readLine() != null) {
                // read to the end: the server closes the stream
            }
        }
        awaitStreams(0);
    }

    private Socket request(String method, String path, String... headers) throws Exception {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(5000);
        StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: pubsub.localhost\r\n");
        for (String header : headers) {
            head.append(header).append("\r\n");
        }
        OutputStream out = socket.getOutputStream();
        out.write(head.append("\r\n").toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
        return socket;
    }

    /** A stream's opening (chunk-size lines removed): its events up to the one with an id and nothing else. */
    private static String readOpening(BufferedReader reader) throws Exception {
        StringBuilder body = new StringBuilder();
        List<String> event = new ArrayList<>();
        String line;
        while ((line = reader.readLine()) != null) {
            if (line.matches("[0-9a-f]+")) {
                continue; // chunk framing
            }
            body.append(line).append('\n');
            if (!line.isEmpty()) {
                event.add(line);
            } else if (event.size() == 1 && event.get(0).startsWith("id: ")) {
                break;
            } else {
                event.clear();
            }
        }
        return body.toString().stripTrailing() + "\n";
    }

    /** The stream's lines (chunk-size lines removed) until one equals {@code last}. */
    private static String readUntilLine(BufferedReader reader, String last) throws Exception {
        StringBuilder body = new StringBuilder();
        String line;
        while ((line = reader.readLine()) != null) {
            if (line.matches("[0-9a-f]+")) {
                continue; // chunk framing
            }
            body.append(line).append('\n');
            if (line.equals(last)) {
                break;
            }
        }
        return body.toString();
    }

    private long publish(String id, String payload) throws Exception {
        return engine.publish(new Publish.Request(ALICE, "news/today", List.of(new NewItem(id, payload)))).get()
                .items().get(0).sequence();
    }

    @Test
    void lastEventIdReplaysWhatCameAfterItThenGoesLive() throws Exception {
        long first = publish("i1", "<e xmlns='urn:t'>1</e>");
        publish("i2", "<e xmlns='urn:t'>2</e>");
        publish("i3", "<e xmlns='urn:t'>3</e>");
        try (Socket socket = request("GET", "/eventsource/news/today", "Last-Event-ID: " + first)) {
            BufferedReader reader = afterHead(socket);
            String replay = readUntilLine(reader, "data: <e xmlns='urn:t'>3</e>");
            assertThat(replay).doesNotContain(">1<").contains("id: " + (first + 1) + "\ndata: <e xmlns='urn:t'>2</e>\n");
            publish("i4", "<e xmlns='urn:t'>4</e>");
            assertThat(readUntilLine(reader, "data: <e xmlns='urn:t'>4</e>")).contains("id: " + (first + 3));
        }
    }

    @Test
    void theQueryParameterResumesAFirstConnectAndTheHeaderWins() throws Exception {
        long first = publish("i1", "<e xmlns='urn:t'>1</e>");
        long second = publish("i2", "<e xmlns='urn:t'>2</e>");
        publish("i3", "<e xmlns='urn:t'>3</e>");
        assertThat(streamUntil("/eventsource/news/today?lastEventId=" + first, "data: <e xmlns='urn:t'>3</e>",
                "Last-Event-ID: " + second)).doesNotContain(">2<");
        assertThat(streamUntil("/eventsource/news/today?lastEventId=" + first, "data: <e xmlns='urn:t'>3</e>"))
                .contains(">2<");
    }

    @Test
    void aResumePointThatCannotBeHonouredGetsAResetWithTheCurrentPosition() throws Exception {
        long first = publish("i1", "<e xmlns='urn:t'>1</e>");
        publish("i2", "<e xmlns='urn:t'>2</e>");
        engine.purgeNode(new org.pubsubserver.core.usecase.PurgeNode.Request(ALICE, "news/today")).get();
        try (Socket socket = request("GET", "/eventsource/news/today", "Last-Event-ID: " + first)) {
            BufferedReader reader = afterHead(socket);
            String reset = readUntilLine(reader, "data: {\"node\":\"news/today\"}");
            assertThat(reset).contains("event: reset\nid: " + (first + 2) + "\n");
        }
        assertThat(streamUntil("/eventsource/news/today", "data: {\"node\":\"news/today\"}", "Last-Event-ID: not-ours"))
                .contains("event: reset\n");
    }

    @Test
    void theNewestItemsOnAFirstConnectWithLast() throws Exception {
        publish("i1", "<e xmlns='urn:t'>1</e>");
        publish("i2", "<e xmlns='urn:t'>2</e>");
        assertThat(streamUntil("/eventsource/news/today?last=1", "data: <e xmlns='urn:t'>2</e>"))
                .doesNotContain(">1<");
        try (Socket socket = request("GET", "/eventsource/news/today?last=many")) {
            BufferedReader reader = reader(socket);
            assertThat(reader.readLine()).isEqualTo("HTTP/1.1 400 Bad Request");
        }
    }

    /** The console reads a node as a stream of one node, whose events carry the item id, starting with its newest. */
    @Test
    void theNewestItemsOfEachNodeOnAFirstConnectWithLastOnAStreamOfSeveralNodes() throws Exception {
        engine.createNode(new CreateNode.Request(ALICE, "sports")).get();
        publish("i1", "<e xmlns='urn:t'>1</e>");
        publish("i2", "<e xmlns='urn:t'>2</e>");
        publishTo("sports", "s1");
        String body = streamUntil("/eventsource?node=news%2Ftoday&node=sports&last=1",
                "data: {\"node\":\"sports\",\"id\":\"s1\",\"payload\":\"<e xmlns='urn:t'>s1</e>\"}");
        assertThat(body).contains("data: {\"node\":\"news/today\",\"id\":\"i2\",\"payload\":\"<e xmlns='urn:t'>2</e>\"}")
                .doesNotContain("\"i1\"");
        // a node the Last-Event-ID names resumes after it; one it does not name starts with its newest
        assertThat(streamUntil("/eventsource?node=news%2Ftoday&node=sports&last=5",
                "data: {\"node\":\"sports\",\"id\":\"s1\",\"payload\":\"<e xmlns='urn:t'>s1</e>\"}",
                "Last-Event-ID: news%2Ftoday:1")).contains("\"id\":\"i2\"").doesNotContain("\"i1\"");
    }

    @Test
    void aJsonPayloadArrivesAsItsJsonText() throws Exception {
        try (Socket socket = request("GET", "/eventsource/news/today")) {
            BufferedReader reader = afterHead(socket);
            awaitStreams(1);
            publish("j", "<json xmlns='urn:xmpp:json:0'>{\"temp\": 21.5, \"note\": \"a &lt; b\"}</json>");
            assertThat(readUntilLine(reader, "data: {\"temp\": 21.5, \"note\": \"a < b\"}")).isNotEmpty();
        }
    }

    @Test
    void headAndOptionsAreAnswered() throws Exception {
        try (Socket socket = request("HEAD", "/eventsource/news/today")) {
            BufferedReader reader = reader(socket);
            List<String> head = readUntilBlank(reader);
            assertThat(head.get(0)).isEqualTo("HTTP/1.1 200 OK");
            assertThat(head).anySatisfy(h -> assertThat(h.toLowerCase(java.util.Locale.ROOT))
                    .isEqualTo("content-type: text/event-stream; charset=utf-8"));
            assertThat(reader.readLine()).as("no body").isNull();
        }
        try (Socket socket = request("OPTIONS", "/eventsource/news/today")) {
            BufferedReader reader = reader(socket);
            List<String> head = readUntilBlank(reader);
            assertThat(head.get(0)).isEqualTo("HTTP/1.1 204 No Content");
            assertThat(head).anySatisfy(h -> assertThat(h.toLowerCase(java.util.Locale.ROOT)).isEqualTo("allow: get, head, options"));
        }
        awaitStreams(0);
    }

    private static List<String> lowerCaseHead(Socket socket) throws Exception {
        BufferedReader reader = reader(socket);
        return readUntilBlank(reader).stream().map(h -> h.toLowerCase(java.util.Locale.ROOT)).toList();
    }

    @Test
    void anOpenNodesStreamIsReadableFromAnyOriginAndAConfiguredOneMaySendCredentials_fetchCorsProtocol() throws Exception {
        try (Socket socket = request("GET", "/eventsource/news/today", "Origin: https://elsewhere.example")) {
            List<String> head = lowerCaseHead(socket);
            assertThat(head.get(0)).isEqualTo("http/1.1 200 ok");
            assertThat(head).contains("access-control-allow-origin: *", "vary: origin")
                    .noneMatch(h -> h.startsWith("access-control-allow-credentials"));
        }
        try (Socket socket = request("GET", "/eventsource?node=news%2Ftoday", "Origin: https://elsewhere.example")) {
            assertThat(lowerCaseHead(socket)).contains("access-control-allow-origin: *");
        }
        try (Socket socket = request("GET", "/eventsource/news/today", "Origin: https://app.example")) {
            assertThat(lowerCaseHead(socket)).contains("access-control-allow-origin: https://app.example",
                    "access-control-allow-credentials: true", "vary: origin");
        }
    }

    @Test
    void aPreflightForLastEventIdIsAnsweredForAnyOriginUnlessTheUrlCarriesAToken_fetchCorsProtocol() throws Exception {
        try (Socket socket = request("OPTIONS", "/eventsource/news/today", "Origin: https://elsewhere.example",
                "Access-Control-Request-Method: GET", "Access-Control-Request-Headers: last-event-id")) {
            List<String> head = lowerCaseHead(socket);
            assertThat(head.get(0)).isEqualTo("http/1.1 204 no content");
            assertThat(head).contains("access-control-allow-origin: *",
                    "access-control-allow-headers: last-event-id, cache-control",
                    "access-control-allow-methods: get, head, options")
                    .noneMatch(h -> h.startsWith("access-control-allow-credentials"));
        }
        try (Socket socket = request("OPTIONS", "/eventsource/news/today", "Origin: https://app.example",
                "Access-Control-Request-Method: GET", "Access-Control-Request-Headers: last-event-id")) {
            assertThat(lowerCaseHead(socket)).contains("access-control-allow-origin: https://app.example",
                    "access-control-allow-credentials: true");
        }
        String token = TOKENS.issue(new JID("bob@localhost")).value();
        try (Socket socket = request("OPTIONS", "/eventsource/news/today?token=" + token, "Origin: https://elsewhere.example",
                "Access-Control-Request-Method: GET")) {
            assertThat(lowerCaseHead(socket).get(0)).as("read as a JID: configured origins only")
                    .isEqualTo("http/1.1 403 forbidden");
        }
        try (Socket socket = request("OPTIONS", "/eventsource/news/today?token=" + token, "Origin: https://app.example",
                "Access-Control-Request-Method: GET")) {
            assertThat(lowerCaseHead(socket).get(0)).isEqualTo("http/1.1 204 no content");
        }
    }

    @Test
    void aStreamReadWithATokenIsSharedWithConfiguredOriginsOnly_fetchCorsProtocol() throws Exception {
        JID bob = new JID("bob@localhost/phone");
        engine.createNode(new CreateNode.Request(ALICE, "private", java.util.Map.of("pubsub#access_model", "whitelist"))).get();
        engine.manageAffiliations(new org.pubsubserver.core.usecase.ManageAffiliations.Request(ALICE, "private",
                List.of(new org.pubsubserver.core.usecase.ManageAffiliations.Entry(bob, "member")))).get();
        String token = TOKENS.issue(bob).value();
        for (String[] asked : new String[][] {{"/eventsource/private?token=" + token}, {"/eventsource/private",
                "Cookie: pubsub_token=" + token}, {"/eventsource/news/today", "Cookie: pubsub_token=" + token}}) {
            String[] elsewhere = java.util.Arrays.copyOf(asked, asked.length + 1);
            elsewhere[asked.length] = "Origin: https://elsewhere.example";
            try (Socket socket = request("GET", asked[0], java.util.Arrays.copyOfRange(elsewhere, 1, elsewhere.length))) {
                List<String> head = lowerCaseHead(socket);
                assertThat(head.get(0)).isEqualTo("http/1.1 200 ok");
                assertThat(head).as(String.join(" ", asked)).noneMatch(h -> h.startsWith("access-control-"));
            }
            String[] configured = elsewhere.clone();
            configured[asked.length] = "Origin: https://app.example";
            try (Socket socket = request("GET", asked[0], java.util.Arrays.copyOfRange(configured, 1, configured.length))) {
                assertThat(lowerCaseHead(socket)).as(String.join(" ", asked))
                        .contains("access-control-allow-origin: https://app.example", "access-control-allow-credentials: true");
            }
        }
    }

    @Test
    void theListOfOpenNodesIsReadableFromAnyOrigin_fetchCorsProtocol() throws Exception {
        try (Socket socket = request("GET", "/nodes", "Origin: https://elsewhere.example")) {
            assertThat(lowerCaseHead(socket)).contains("access-control-allow-origin: *");
        }
        // as for a stream: a configured origin is named, with credentials, so a page may fetch with cookies
        try (Socket socket = request("GET", "/nodes", "Origin: https://app.example")) {
            assertThat(lowerCaseHead(socket)).contains("access-control-allow-origin: https://app.example",
                    "access-control-allow-credentials: true");
        }
    }

    @Test
    void pastTheStreamLimitOfAnAddressTheAnswerIs503WithRetryAfter() throws Exception {
        List<Socket> open = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < STREAMS_PER_ADDRESS; i++) {
                Socket socket = request("GET", "/eventsource/news/today");
                open.add(socket);
                assertThat(reader(socket)
                        .readLine()).isEqualTo("HTTP/1.1 200 OK");
            }
            try (Socket refused = request("GET", "/eventsource/news/today")) {
                BufferedReader reader = reader(refused);
                List<String> head = readUntilBlank(reader);
                assertThat(head.get(0)).isEqualTo("HTTP/1.1 503 Service Unavailable");
                assertThat(head).anySatisfy(h -> assertThat(h.toLowerCase(java.util.Locale.ROOT)).isEqualTo("retry-after: 10"));
            }
            open.remove(0).close();
            awaitStreams(STREAMS_PER_ADDRESS - 1);
            // the place is given back when a stream closes
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            String status;
            do {
                Socket again = request("GET", "/eventsource/news/today");
                open.add(again);
                status = reader(again).readLine();
            } while (!"HTTP/1.1 200 OK".equals(status) && System.nanoTime() < deadline);
            assertThat(status).isEqualTo("HTTP/1.1 200 OK");
        } finally {
            for (Socket socket : open) {
                socket.close();
            }
        }
    }

    @Test
    void theConsoleAndTheListOfOpenNodesAreServedAtTheRoot() throws Exception {
        engine.createNode(new CreateNode.Request(ALICE, "secret", java.util.Map.of("pubsub#access_model", "whitelist"))).get();
        try (Socket socket = request("GET", "/")) {
            BufferedReader reader = reader(socket);
            List<String> head = readUntilBlank(reader);
            assertThat(head.get(0)).isEqualTo("HTTP/1.1 200 OK");
            assertThat(head).anySatisfy(h -> assertThat(h.toLowerCase(java.util.Locale.ROOT))
                    .isEqualTo("content-type: text/html; charset=utf-8"));
            assertThat(readUntilLine(reader, "</html>")).contains("<script src=\"console.js\" defer></script>");
        }
        try (Socket socket = request("GET", "/console.js")) {
            BufferedReader reader = reader(socket);
            assertThat(readUntilBlank(reader)).anySatisfy(h -> assertThat(h.toLowerCase(java.util.Locale.ROOT))
                    .isEqualTo("content-type: text/javascript; charset=utf-8"));
            assertThat(readUntilLine(reader, "})();")).contains("new EventSource(");
        }
        try (Socket socket = request("GET", "/nodes", "Connection: close")) { // kept alive otherwise
            BufferedReader reader = afterHead(socket);
            // only nodes anyone may read
            assertThat(reader.readLine()).isEqualTo("[\"news/today\"]");
        }
        try (Socket socket = request("GET", "/nodes?details", "Connection: close")) {
            BufferedReader reader = afterHead(socket);
            assertThat(reader.readLine()).isEqualTo("[{\"node\":\"news/today\",\"title\":\"\",\"description\":\"\","
                    + "\"access_model\":\"open\",\"type\":\"leaf\",\"items\":0}]");
        }
    }

    @Test
    void aTokenReadsANodeThatIsNotOpenAsItsJidAndLosesItWithItsAccess() throws Exception {
        JID bob = new JID("bob@localhost/phone");
        engine.createNode(new CreateNode.Request(ALICE, "private", java.util.Map.of("pubsub#access_model", "whitelist"))).get();
        engine.manageAffiliations(new org.pubsubserver.core.usecase.ManageAffiliations.Request(ALICE, "private",
                List.of(new org.pubsubserver.core.usecase.ManageAffiliations.Entry(bob, "member")))).get();
        String bobToken = TOKENS.issue(bob).value();
        String carolToken = TOKENS.issue(new JID("carol@localhost")).value();
        try (Socket socket = request("GET", "/eventsource/private?token=" + carolToken)) {
            assertThat(reader(socket).readLine())
                    .as("a JID the whitelist does not admit").isEqualTo("HTTP/1.1 403 Forbidden");
        }
        try (Socket socket = request("GET", "/eventsource/private?token=" + bobToken + "x")) {
            assertThat(reader(socket).readLine())
                    .as("a forged token").isEqualTo("HTTP/1.1 401 Unauthorized");
        }
        try (Socket socket = request("GET", "/eventsource/private", "Cookie: pubsub_token=" + bobToken)) {
            BufferedReader reader = reader(socket);
            assertThat(readUntilBlank(reader).get(0)).isEqualTo("HTTP/1.1 200 OK");
            awaitStreams(1);
            // bob is put out: his stream ends (a reconnect would get 403)
            engine.manageAffiliations(new org.pubsubserver.core.usecase.ManageAffiliations.Request(ALICE, "private",
                    List.of(new org.pubsubserver.core.usecase.ManageAffiliations.Entry(bob, "outcast")))).get();
            while (reader.readLine() != null) {
                // read to the end
            }
        }
        awaitStreams(0);
    }

    @Test
    void oneConnectionCarriesSeveralNodesAndResumesEachWhereItWas() throws Exception {
        engine.createNode(new CreateNode.Request(ALICE, "sports")).get();
        String lastId;
        try (Socket socket = request("GET", "/eventsource?node=news%2Ftoday&node=sports")) {
            BufferedReader reader = reader(socket);
            assertThat(readUntilBlank(reader).get(0)).isEqualTo("HTTP/1.1 200 OK");
            awaitStreams(2);
            publish("n1", "<e xmlns='urn:t'>news</e>");
            engine.publish(new Publish.Request(ALICE, "sports", List.of(new NewItem("s1", "<e xmlns='urn:t'>goal</e>")))).get();
            String body = readUntilLine(reader, "data: {\"node\":\"sports\",\"id\":\"s1\",\"payload\":\"<e xmlns='urn:t'>goal</e>\"}");
            assertThat(body).contains("data: {\"node\":\"news/today\",\"id\":\"n1\",\"payload\":\"<e xmlns='urn:t'>news</e>\"}");
            List<String> ids = body.lines().filter(l -> l.startsWith("id: ")).toList();
            lastId = ids.get(ids.size() - 1).substring(4);
            assertThat(lastId).isEqualTo("news%2Ftoday:1,sports:1");
        }
        awaitStreams(0);
        // while away: one item on each node
        publish("n2", "<e xmlns='urn:t'>more news</e>");
        engine.publish(new Publish.Request(ALICE, "sports", List.of(new NewItem("s2", "<e xmlns='urn:t'>another</e>")))).get();
        try (Socket socket = request("GET", "/eventsource?node=news%2Ftoday&node=sports", "Last-Event-ID: " + lastId)) {
            BufferedReader reader = afterHead(socket);
            StringBuilder replay = new StringBuilder();
            String line;
            int data = 0;
            while (data < 2 && (line = reader.readLine()) != null) {
                replay.append(line).append('\n');
                if (line.startsWith("data: ")) {
                    data++;
                }
            }
            assertThat(replay.toString()).contains("\"id\":\"n2\"", "\"id\":\"s2\"").doesNotContain("\"n1\"", "\"s1\"");
        }
        try (Socket socket = request("GET", "/eventsource?node=news%2Ftoday&node=missing")) {
            assertThat(reader(socket).readLine())
                    .isEqualTo("HTTP/1.1 404 Not Found");
        }
    }

    /** Publishes one item to {@code node}. */
    private void publishTo(String node, String id) throws Exception {
        engine.publish(new Publish.Request(ALICE, node, List.of(new NewItem(id, "<e xmlns='urn:t'>" + id + "</e>")))).get();
    }

    @Test
    void aCollectionsStreamCarriesEveryLeafBelowItThatTheReaderMayReadAndResumesEach_xep0248() throws Exception {
        engine.createNode(new CreateNode.Request(ALICE, "blogs", java.util.Map.of("pubsub#node_type", "collection")))
                .get();
        engine.createNode(new CreateNode.Request(ALICE, "inner", java.util.Map.of("pubsub#node_type", "collection",
                "pubsub#collection", "blogs"))).get();
        engine.createNode(new CreateNode.Request(ALICE, "musings", java.util.Map.of("pubsub#collection", "blogs")))
                .get();
        engine.createNode(new CreateNode.Request(ALICE, "deep", java.util.Map.of("pubsub#collection", "inner"))).get();
        engine.createNode(new CreateNode.Request(ALICE, "closed", java.util.Map.of("pubsub#collection", "blogs",
                "pubsub#access_model", "whitelist"))).get();
        String lastId;
        try (Socket socket = request("GET", "/eventsource/blogs")) {
            BufferedReader reader = reader(socket);
            assertThat(readUntilBlank(reader).get(0)).isEqualTo("HTTP/1.1 200 OK");
            awaitStreams(3); // the collection, and its two leaves an anonymous reader may read
            publishTo("closed", "secret"); // §security-access: a leaf the reader may not read is not in it
            publishTo("musings", "m1");
            publishTo("deep", "d1");
            String body = readUntilLine(reader, "data: {\"node\":\"deep\",\"id\":\"d1\",\"payload\":\"<e xmlns='urn:t'>d1</e>\"}");
            assertThat(body).contains("data: {\"node\":\"musings\",\"id\":\"m1\"").doesNotContain("secret");
            List<String> ids = body.lines().filter(l -> l.startsWith("id: ")).toList();
            lastId = ids.get(ids.size() - 1).substring(4);
            assertThat(lastId).isEqualTo("musings:1,deep:1");
        }
        awaitStreams(0);
        publishTo("musings", "m2"); // while away
        try (Socket socket = request("GET", "/eventsource/blogs", "Last-Event-ID: " + lastId)) {
            BufferedReader reader = afterHead(socket);
            String replay = readUntilLine(reader, "data: {\"node\":\"musings\",\"id\":\"m2\",\"payload\":\"<e xmlns='urn:t'>m2</e>\"}");
            assertThat(replay).doesNotContain("\"m1\"", "\"d1\"");
            awaitStreams(3);
            // a new child: the stream ends, so that its reader reconnects to the leaves the collection now has
            engine.createNode(new CreateNode.Request(ALICE, "ravings", java.util.Map.of("pubsub#collection", "blogs")))
                    .get();
            String line;
            while ((line = reader.readLine()) != null) {
                // read to the end of the body
            }
        }
        awaitStreams(0);
        try (Socket socket = request("GET", "/eventsource/nope")) {
            assertThat(reader(socket).readLine()).isEqualTo("HTTP/1.1 404 Not Found");
        }
    }

    @Test
    void aStreamThatStopsReadingIsClosedAndTheOthersGetEverything() throws Exception {
        String payload = "<e xmlns='urn:t'>" + "x".repeat(16 * 1024) + "</e>";
        try (Socket slow = new Socket()) {
            slow.setReceiveBufferSize(4096); // and it never reads: the server's outbound bound fills up
            slow.connect(new InetSocketAddress("127.0.0.1", port));
            slow.getOutputStream().write("GET /eventsource/news/today HTTP/1.1\r\nHost: pubsub.localhost\r\n\r\n"
                    .getBytes(StandardCharsets.UTF_8));
            try (Socket reading = request("GET", "/eventsource/news/today")) {
                BufferedReader reader = afterHead(reading);
                awaitStreams(2);
                int items = 200; // 3.2 MB in all, far past the 256 KiB a stream may have unsent
                CompletableFuture<Integer> received = CompletableFuture.supplyAsync(() -> {
                    int count = 0;
                    try {
                        String line;
                        while (count < items && (line = reader.readLine()) != null) {
                            if (line.startsWith("data: <e")) {
                                count++;
                            }
                        }
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                    return count;
                });
                for (int i = 0; i < items; i++) {
                    publish("big-" + i, payload);
                }
                assertThat(received.get(30, java.util.concurrent.TimeUnit.SECONDS)).as("the reading stream got every item")
                        .isEqualTo(items);
                awaitStreams(1); // the slow one was closed, not waited for
            }
        }
    }

    /** Issue 17: a publish goes over HTTP/2 too (h2c), its body gathered from DATA frames, answered after the commit. */
    @Test
    void aPublishGoesOverHttp2Too_rfc9113_8_1() throws Exception {
        java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_2).build(); // h2c: an Upgrade from HTTP/1.1
        var upgraded = client.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + port + "/nodes")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(upgraded.version()).isEqualTo(java.net.http.HttpClient.Version.HTTP_2);
        String token = TOKENS.issue(ALICE, org.pubsubserver.core.access.StreamTokens.Scope.PUBLISH).value();
        var published = client.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + port + "/pubsub_post/news%2Ftoday?item=over-h2"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"via\":\"" + "h2".repeat(20_000) + "\"}"))
                .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(published.version()).isEqualTo(java.net.http.HttpClient.Version.HTTP_2);
        assertThat(published.statusCode()).as(published.body()).isEqualTo(202);
        assertThat(published.body()).contains("\"id\":\"over-h2\"");
        assertThat(engine.retrieveItems(new org.pubsubserver.core.usecase.RetrieveItems.Request(ALICE, "news/today", 0,
                List.of("over-h2"))).get().items()).singleElement()
                .satisfies(item -> assertThat(item.payloadXml()).contains("h2h2h2"));
    }

    @Test
    void streamsGoOverHttp2TooSoManyShareOneConnection() throws Exception {
        java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_2).build(); // h2c: an Upgrade from HTTP/1.1
        java.net.http.HttpRequest page = java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + port + "/nodes")).build();
        var upgraded = client.send(page, java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(upgraded.version()).isEqualTo(java.net.http.HttpClient.Version.HTTP_2);
        java.net.http.HttpRequest stream = java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + port + "/eventsource/news%2Ftoday")).build();
        // eight streams at once, past the six an HTTP/1.1 browser opens per host, on the one connection
        List<java.net.http.HttpResponse<java.util.stream.Stream<String>>> streams8 = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) {
            streams8.add(client.send(stream, java.net.http.HttpResponse.BodyHandlers.ofLines()));
        }
        for (var response : streams8) {
            assertThat(response.version()).isEqualTo(java.net.http.HttpClient.Version.HTTP_2);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("content-type")).contains("text/event-stream; charset=utf-8");
        }
        publish("h2", "<e xmlns='urn:t'>over h2</e>");
        for (var response : streams8) {
            var lines = response.body().iterator();
            String line = "";
            while (lines.hasNext() && !(line = lines.next()).startsWith("data: ")) {
                // skip the preamble and the id
            }
            assertThat(line).isEqualTo("data: <e xmlns='urn:t'>over h2</e>");
            response.body().close();
        }
    }
}
