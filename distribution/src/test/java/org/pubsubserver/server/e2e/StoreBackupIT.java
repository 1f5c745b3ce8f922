package org.pubsubserver.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.pubsub.Item;
import org.jivesoftware.smackx.pubsub.LeafNode;
import org.jivesoftware.smackx.pubsub.PubSubManager;
import org.jxmpp.jid.impl.JidCreate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pubsubserver.core.access.ServicePolicy;
import org.pubsubserver.core.engine.Lanes;
import org.pubsubserver.core.engine.PubSubEngine;
import org.pubsubserver.core.event.EventBus;
import org.pubsubserver.core.model.NewItem;
import org.pubsubserver.core.model.NodeConfig;
import org.pubsubserver.core.store.jdbc.JdbcStorage;
import org.pubsubserver.core.usecase.CreateNode;
import org.pubsubserver.core.usecase.DeleteNode;
import org.pubsubserver.core.usecase.EngineSettings;
import org.pubsubserver.core.usecase.Publish;
import org.pubsubserver.core.usecase.RetractItems;
import org.pubsubserver.core.usecase.Subscribe;
import org.xmpp.packet.JID;

/**
 * Issue 15, end to end: a store of 1,000 nodes and 100,000 items is exported from the running server by
 * {@code bin/pubsub-admin export}, imported by {@code bin/pubsub-admin import} into an empty store, and the server
 * started on that store answers exactly as the first did: every node in full through the admin listener (its
 * configuration, affiliations, subscriptions with their ids and options, items with their publisher, time and
 * sequence), every node's items retrieved over XMPP by stock Smack through Prosody (XEP-0060 §6.5.2), and the SSE
 * replay of a resuming stream (same events, same ids).
 */
class StoreBackupIT {
    private static final int NODES = 1000;
    private static final int ITEMS_PER_NODE = 100;
    private static final JID ALICE = new JID("alice@localhost/e2e");

    @TempDir
    Path work;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void startProsody() throws Exception {
        TestServers.start(TestServers.Kind.PROSODY);
    }

    @AfterAll
    static void stopProsody() throws Exception {
        TestServers.stop(TestServers.Kind.PROSODY);
    }

    /** What the server answers for the store, through each of its surfaces. */
    private record Answers(Map<String, String> nodesInFull, Map<String, List<String>> itemsOverXmpp,
                           Map<String, List<String>> sseReplays, String nodeList) {
    }

    @Test
    void aStoreExportedFromTheRunningServerAndImportedIntoAnEmptyOneAnswersTheSame() throws Exception {
        Path source = work.resolve("source");
        fill(source);
        Path export = work.resolve("store.xml.gz");

        Answers before;
        try (ServerProcess server = server("source", source)) {
            before = answers(server);
            assertThat(before.nodesInFull()).hasSize(NODES + 1).containsEntry("moved-away", "404 No node named 'moved-away'\n");
            ServerProcess.AdminRun exported = admin(server, "export", "--out", export.toString());
            assertThat(exported.status()).as(exported.output()).isZero();
        }
        assertThat(export).isRegularFile();

        Path restored = work.resolve("restored");
        Map<String, String> offline = new HashMap<>(environment(restored));
        offline.put("PUBSUB_ADMIN_PORT", "0");
        ServerProcess.AdminRun notAnExport = ServerProcess.admin(offline, "import", work.resolve("missing.xml").toString());
        assertThat(notAnExport.status()).isEqualTo(1);
        long start = System.nanoTime();
        ServerProcess.AdminRun imported = ServerProcess.admin(offline, "import", export.toString());
        assertThat(imported.status()).as(imported.output()).isZero();
        assertThat(imported.output()).contains(NODES + " node(s), " + (NODES * ITEMS_PER_NODE - 3) + " item(s), 1 redirect(s)");
        System.out.printf("imported %d nodes, %d items in %.1f s (export %d KiB)%n", NODES, NODES * ITEMS_PER_NODE - 3,
                (System.nanoTime() - start) / 1e9, Files.size(export) / 1024);

        try (ServerProcess server = server("restored", restored)) {
            Answers after = answers(server);
            assertThat(after.nodeList()).isEqualTo(before.nodeList());
            assertThat(after.nodesInFull()).isEqualTo(before.nodesInFull());
            assertThat(after.itemsOverXmpp()).isEqualTo(before.itemsOverXmpp());
            assertThat(after.sseReplays()).isEqualTo(before.sseReplays());
        }
    }

    /**
     * The store: nodes of several configurations, each with a subscriber (with options on some, pending on the
     * authorize ones), 100 items from two publishers, a few retracted (gaps in the sequence), and a deleted node
     * with a redirect.
     */
    private static void fill(Path dataDir) throws Exception {
        try (JdbcStorage storage = JdbcStorage.openFile(dataDir, 4);
             Lanes lanes = new Lanes(4, 10_000, storage.nodeStore().groupCommit())) {
            PubSubEngine engine = new PubSubEngine(storage.nodeStore(), new EventBus(), Clock.systemUTC(),
                    new EngineSettings(NodeConfig.defaults(), ServicePolicy.open()), lanes);
            List<CompletableFuture<?>> pending = new ArrayList<>();
            for (int n = 0; n < NODES; n++) {
                String node = name(n);
                Map<String, String> config = new LinkedHashMap<>();
                config.put("pubsub#title", "Node " + n);
                config.put("pubsub#access_model", n % 10 == 0 ? "authorize" : n % 7 == 0 ? "whitelist" : "open");
                config.put("pubsub#publish_model", n % 3 == 0 ? "open" : "publishers");
                await(engine.createNode(new CreateNode.Request(ALICE, node, config)));
                Map<String, String> options = n % 4 == 0 ? Map.of("pubsub#deliver", "0") : Map.of();
                if (n % 7 != 0) {
                    pending.add(engine.subscribe(new Subscribe.Request(new JID("bob@localhost/phone"), node,
                            new JID("bob@localhost"), options)));
                }
                for (int batch = 0; batch < ITEMS_PER_NODE; batch += 20) {
                    List<NewItem> items = new ArrayList<>();
                    for (int i = batch; i < batch + 20; i++) {
                        items.add(new NewItem("item-" + i, "<entry xmlns='urn:e2e'><n>" + n + "</n><i>" + i
                                + "</i><text>caf\u00e9 &amp; \u2603</text></entry>"));
                    }
                    JID publisher = n % 3 == 0 && batch >= 60 ? new JID("carol@localhost/web") : ALICE;
                    pending.add(engine.publish(new Publish.Request(publisher, node, items, Map.of())));
                }
                if (pending.size() > 2000) {
                    awaitAll(pending);
                }
            }
            awaitAll(pending);
            for (int n : new int[] {1, 2, 3}) {
                await(engine.retractItems(new RetractItems.Request(ALICE, name(n), List.of("item-50"), false)));
            }
            await(engine.createNode(new CreateNode.Request(ALICE, "moved-away", Map.of())));
            await(engine.deleteNode(new DeleteNode.Request(ALICE, "moved-away", "xmpp:pubsub.localhost?;node=" + name(0))));
        }
    }

    private static String name(int n) {
        return String.format("feeds/node-%04d", n);
    }

    private static <T> T await(CompletableFuture<T> future) throws Exception {
        return future.get(60, TimeUnit.SECONDS);
    }

    private static void awaitAll(List<CompletableFuture<?>> futures) throws Exception {
        for (CompletableFuture<?> future : futures) {
            await(future);
        }
        futures.clear();
    }

    private Map<String, String> environment(Path dataDir) {
        Map<String, String> environment = new HashMap<>();
        environment.put("PUBSUB_XMPP_PORT", Integer.toString(TestServers.Kind.PROSODY.componentPort));
        environment.put("PUBSUB_XMPP_SECRET", TestServers.SECRET);
        environment.put("PUBSUB_XMPP_INITIAL_BACKOFF", "200ms");
        environment.put("PUBSUB_HTTP_HOSTS", "127.0.0.1");
        environment.put("PUBSUB_STORAGE_DATA_DIR", dataDir.toString());
        return environment;
    }

    private Map<String, String> serverEnvironment;
    private int httpPort;
    private int adminPort;

    private ServerProcess server(String name, Path dataDir) throws Exception {
        serverEnvironment = environment(dataDir);
        httpPort = StreamEvents.freePort();
        adminPort = StreamEvents.freePort();
        serverEnvironment.put("PUBSUB_HTTP_PORT", Integer.toString(httpPort));
        serverEnvironment.put("PUBSUB_ADMIN_PORT", Integer.toString(adminPort));
        Path log = Files.createDirectories(Path.of("target", "e2e-logs")).resolve("StoreBackupIT-" + name + ".log")
                .toAbsolutePath();
        Files.deleteIfExists(log);
        ServerProcess server = ServerProcess.start(serverEnvironment, log);
        server.awaitLinkUp();
        return server;
    }

    /** {@code bin/pubsub-admin} as an operator runs it beside the running server (same settings). */
    private ServerProcess.AdminRun admin(ServerProcess server, String... arguments) throws Exception {
        assertThat(server.isAlive()).isTrue();
        return ServerProcess.admin(serverEnvironment, arguments);
    }

    private Answers answers(ServerProcess server) throws Exception {
        String admin = "http://127.0.0.1:" + adminPort;
        Map<String, String> inFull = new LinkedHashMap<>();
        for (int n = 0; n < NODES; n++) {
            inFull.put(name(n), get(admin + "/node?items=1000&node=" + name(n).replace("/", "%2F")));
        }
        inFull.put("moved-away", get(admin + "/node?node=moved-away"));
        String nodeList = admin(server, "nodes").output();

        Map<String, List<String>> overXmpp = new LinkedHashMap<>();
        XMPPTCPConnection alice = XmppClients.login(TestServers.Kind.PROSODY, "alice", "alicepass");
        try {
            PubSubManager pubsub = PubSubManager.getInstanceFor(alice, JidCreate.domainBareFrom(TestServers.COMPONENT));
            for (int n = 0; n < NODES; n++) {
                LeafNode node = pubsub.getLeafNode(name(n));
                List<String> items = new ArrayList<>();
                for (Item item : node.getItems()) {
                    items.add(item.toXML().toString());
                }
                overXmpp.put(name(n), items);
            }
        } finally {
            alice.disconnect();
        }

        Map<String, List<String>> replays = new LinkedHashMap<>();
        for (int n = 0; n < NODES; n += 97) {
            if (n % 7 != 0 && n % 10 != 0) { // the open nodes: anyone may stream them
                replays.put(name(n), replay(name(n), "40"));
            }
        }
        return new Answers(inFull, overXmpp, replays, nodeList);
    }

    /** A GET to the admin listener as bin/pubsub-admin sends it. */
    private String get(String url) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                .header("X-Pubsub-Admin", "1").build(), HttpResponse.BodyHandlers.ofString());
        return response.statusCode() + " " + response.body();
    }

    /**
     * The events a stream resuming after {@code lastEventId} is replayed, up to the opening's closing id (an id with
     * no data: where the node stood), as the lines sent.
     */
    private List<String> replay(String node, String lastEventId) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/eventsource/"
                + node.replace("/", "%2F"))).header("Last-Event-ID", lastEventId).build();
        HttpResponse<java.io.InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).as(node).isEqualTo(200);
        List<String> lines = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            List<String> block = new ArrayList<>();
            String line;
            while ((line = in.readLine()) != null) {
                if (!line.isEmpty()) {
                    block.add(line);
                    continue;
                }
                lines.addAll(block);
                boolean idAlone = block.size() == 1 && block.get(0).startsWith("id: ");
                block.clear();
                if (idAlone) {
                    return lines;
                }
            }
        }
        throw new AssertionError("the stream of " + node + " ended before its replay did: " + lines);
    }
}
