package org.pubsubserver.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.pubsubserver.core.engine.Lanes;
import org.pubsubserver.core.engine.PubSubEngine;
import org.pubsubserver.core.event.EventBus;
import org.pubsubserver.core.model.ArchiveQuery;
import org.pubsubserver.core.model.NewItem;
import org.pubsubserver.core.model.Node;
import org.pubsubserver.core.model.NodeConfig;
import org.pubsubserver.core.model.Removal;
import org.pubsubserver.core.store.NodeStore;
import org.pubsubserver.core.store.jdbc.JdbcStorage;
import org.pubsubserver.core.store.jdbc.StorageSettings;
import org.pubsubserver.core.usecase.EngineSettings;
import org.pubsubserver.core.usecase.QueryArchive;
import org.xmpp.packet.JID;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * How long a query of a node's archive (XEP-0442) takes on an archive of a million items: the store is filled
 * directly (one node, the default max_items of 100, every item archived), then the engine answers queries as the
 * XMPP handler asks them, one at a time, on its lanes, with a publish to the node between two queries: the newest
 * page, a page in the middle (after an id), and pages from a time near the end ('start', which walks the archive
 * from its newest end, or from its oldest).
 */
@Command(name = "archive", mixinStandardHelpOptions = true,
        description = "Times queries of a node's archive of --items items (H2 file or PostgreSQL).")
final class ArchiveQueryBench implements Runnable {
    @Option(names = "--items", description = "Items archived in the node (default ${DEFAULT-VALUE}).")
    int items = 1_000_000;
    @Option(names = "--queries", description = "Queries timed of each kind (default ${DEFAULT-VALUE}).")
    int queries = 200;
    @Option(names = "--page", description = "Items a page (default ${DEFAULT-VALUE}).")
    int page = 50;
    @Option(names = "--payload-bytes", description = "Bytes of padding in each item's payload (default ${DEFAULT-VALUE}).")
    int payloadBytes = 200;
    @Option(names = "--store", description = "h2 (a file, as shipped) or postgresql (scripts/test-servers.sh's, emptied"
            + " first) (default ${DEFAULT-VALUE}).")
    String store = "h2";

    private static final JID OWNER = new JID("owner@bench.example/driver");
    private static final String NODE = "history";
    private static final int BATCH = 1000;
    private NodeStore nodes;
    private Node node;
    private int extra;

    @Override
    public void run() {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("archive-bench");
            try (JdbcStorage storage = JdbcStorage.open(settings(dir))) {
                NodeStore nodes = storage.nodeStore();
                Node node = nodes.createNode(NODE, OWNER.asBareJID(), NodeConfig.defaults(), Instant.now()).orElseThrow();
                fill(nodes, node);
                this.nodes = nodes;
                this.node = node;
                try (Lanes lanes = new Lanes(4, 10_000, nodes.groupCommit())) {
                    PubSubEngine engine = new PubSubEngine(nodes, new EventBus(), Clock.systemUTC(),
                            new EngineSettings(NodeConfig.defaults(), org.pubsubserver.core.access.ServicePolicy.open(),
                                    org.pubsubserver.core.access.RosterSource.NONE,
                                    new org.pubsubserver.core.usecase.ArchiveSettings(true, Long.MAX_VALUE, null)),
                            lanes);
                    measure(engine);
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            if (dir != null) {
                deleteQuietly(dir);
            }
        }
    }

    private StorageSettings settings(Path dir) throws Exception {
        if (store.equals("h2")) {
            return StorageSettings.h2File(dir, 8, false);
        }
        BenchPostgres.empty();
        return new StorageSettings(BenchPostgres.URL, BenchPostgres.USER, BenchPostgres.PASSWORD, 8, false);
    }

    private void fill(NodeStore nodes, Node node) {
        String padding = "x".repeat(payloadBytes);
        long started = System.nanoTime();
        Instant at = Instant.now().minusSeconds(items);
        for (int done = 0; done < items; done += BATCH) {
            List<NewItem> batch = new ArrayList<>(BATCH);
            for (int i = done; i < Math.min(items, done + BATCH); i++) {
                batch.add(new NewItem("item-" + i, "<entry xmlns='urn:bench'>" + padding + "</entry>"));
            }
            nodes.appendItems(node, batch, OWNER, at.plusSeconds(done), 100, Removal.UNTOLD, true);
        }
        System.out.printf("Archived %,d items in one node (%s) in %.1f s%n", items, store,
                (System.nanoTime() - started) / 1e9);
    }

    private void measure(PubSubEngine engine) throws Exception {
        QueryArchive.Result newest = engine.queryArchive(request(new ArchiveQuery(null, null, null, 0, Long.MAX_VALUE,
                List.of(), page, true, List.of()))).get();
        long middle = newest.page().items().get(0).sequence() / 2;
        Instant nearTheEnd = newest.page().items().get(0).published().minusSeconds(10L * page);
        time("newest page (RSM <before/>)", () -> request(new ArchiveQuery(null, null, null, 0, Long.MAX_VALUE,
                List.of(), page, true, List.of())), engine);
        time("a page after an id in the middle", () -> request(new ArchiveQuery(null, null, null, middle,
                Long.MAX_VALUE, List.of(), page, false, List.of(middle))), engine);
        time("newest page from a start time", () -> request(new ArchiveQuery(nearTheEnd, null, null, 0,
                Long.MAX_VALUE, List.of(), page, true, List.of())), engine);
        time("oldest page from a start time near the end", () -> request(new ArchiveQuery(nearTheEnd, null, null, 0,
                Long.MAX_VALUE, List.of(), page, false, List.of())), engine);
        Instant halfway = newest.page().items().get(0).published().minusSeconds(items / 2);
        time("oldest page from a start time halfway", () -> request(new ArchiveQuery(halfway, null, null, 0,
                Long.MAX_VALUE, List.of(), page, false, List.of())), engine);
        time("newest page before an end time halfway", () -> request(new ArchiveQuery(null, halfway, null, 0,
                Long.MAX_VALUE, List.of(), page, true, List.of())), engine);
    }

    private static QueryArchive.Request request(ArchiveQuery query) {
        return new QueryArchive.Request(OWNER, NODE, query);
    }

    private void time(String what, Supplier<QueryArchive.Request> request, PubSubEngine engine) throws Exception {
        int warmup = Math.max(10, queries / 10);
        long[] nanos = new long[queries];
        int returned = 0;
        for (int i = -warmup; i < queries; i++) {
            // one publish between queries, untimed, as on a live node: H2 answers a query repeated on unchanged
            // tables from its result cache, which would time the cache, not the query
            nodes.appendItems(node, List.of(new NewItem("extra-" + extra++, "<entry xmlns='urn:bench'/>")), OWNER,
                    Instant.now(), 100, Removal.UNTOLD, true);
            long started = System.nanoTime();
            QueryArchive.Result result = engine.queryArchive(request.get()).get(60, TimeUnit.SECONDS);
            if (i >= 0) {
                nanos[i] = System.nanoTime() - started;
                returned = result.page().items().size();
            }
        }
        Arrays.sort(nanos);
        System.out.printf("%-44s %3d items: median %6.2f ms, p99 %6.2f ms, max %6.2f ms (%d queries)%n", what, returned,
                nanos[queries / 2] / 1e6, nanos[(int) (queries * 0.99)] / 1e6, nanos[queries - 1] / 1e6, queries);
    }

    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (Exception ignored) {
            // a temporary folder
        }
    }
}
