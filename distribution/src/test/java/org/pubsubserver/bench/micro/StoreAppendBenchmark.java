package org.pubsubserver.bench.micro;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.infra.Blackhole;
import org.pubsubserver.core.model.AppendResult;
import org.pubsubserver.core.model.NewItem;
import org.pubsubserver.core.model.Node;
import org.pubsubserver.core.model.NodeConfig;
import org.pubsubserver.core.model.Removal;
import org.pubsubserver.core.store.GroupCommit;
import org.pubsubserver.core.store.NodeStore;
import org.pubsubserver.core.store.jdbc.JdbcStorage;
import org.xmpp.packet.JID;

/**
 * The store side of every persistent publish: {@link NodeStore#appendItems} on the file-backed H2 store the
 * server runs on ({@link JdbcStorage#openFile}, WRITE_DELAY=0, so each call is one transaction written to the
 * file before it returns). One call per publish, each on an engine lane, so its latency bounds publishes/s per
 * node and its scaling bounds them across nodes.
 *
 * <p>Each thread appends to its own node, created in setup with the default configuration (max_items 100) and
 * filled to it, so every call also evicts the oldest item, as on a busy node. Item ids are new each call (no
 * replacement); payloads are ~200 bytes; {@link Publisher#archive} says whether each item also goes to the node's
 * archive (XEP-0442), as it does by default. {@code oneThread} and {@code fourThreads} (four nodes, one thread each,
 * sharing the database and a pool of {@value #POOL_SIZE} connections, the default storage.pool-size) score
 * appendItems calls/s, each call committed alone; the {@code GroupsOf64} variants make {@value #GROUP} calls in
 * one {@link GroupCommit} group, as a lane does with the publishes queued on it, and score calls/s too.
 * {@link Publisher#itemsPerCall} is the number of items per call (1, as one publish of one item). The database
 * lives in a new directory under {@code java.io.tmpdir} (pass {@code -jvmArgsAppend -Djava.io.tmpdir=...} to
 * measure another disk), deleted at teardown.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class StoreAppendBenchmark {
    /** The default storage.pool-size. */
    static final int POOL_SIZE = 8;
    /** Appends per commit in the group-commit variants. */
    static final int GROUP = 64;

    /** The database, shared by all threads of a run. */
    @State(Scope.Benchmark)
    public static class Store {
        final AtomicInteger nodes = new AtomicInteger();
        Path directory;
        JdbcStorage storage;
        NodeStore store;

        @Setup(Level.Trial)
        public void open() throws IOException {
            directory = Files.createTempDirectory("pubsub-store-bench");
            storage = JdbcStorage.openFile(directory, POOL_SIZE);
            store = storage.nodeStore();
        }

        @TearDown(Level.Trial)
        public void close() throws IOException {
            try {
                if (storage != null) {
                    storage.close();
                }
            } finally {
                try (Stream<Path> files = Files.walk(directory)) {
                    files.sorted(Comparator.reverseOrder()).forEach(StoreAppendBenchmark::delete);
                }
            }
        }
    }

    /** One publisher thread and its own node. */
    @State(Scope.Thread)
    public static class Publisher {
        /** Items per appendItems call. */
        @Param({"1"})
        public int itemsPerCall;

        /** Whether the node keeps an archive (XEP-0442): each item is also written to it, in the same commit. */
        @Param({"true", "false"})
        public boolean archive;

        final JID jid = new JID("publisher@localhost/bench");
        Node node;
        int maxItems;
        private String idPrefix;
        private long counter;

        @Setup(Level.Trial)
        public void createNode(Store store) {
            String name = "bench-" + store.nodes.incrementAndGet();
            node = store.store.createNode(name, jid.asBareJID(), NodeConfig.defaults(), Instant.now())
                    .orElseThrow(() -> new IllegalStateException("node " + name + " exists already"));
            maxItems = node.config().maxItems();
            idPrefix = name + "-item-";
            // full from the start, so that every measured call evicts as in the steady state
            List<NewItem> fill = new ArrayList<>(maxItems);
            for (int i = 0; i < maxItems; i++) {
                fill.add(nextItem());
            }
            AppendResult filled = store.store.appendItems(node, fill, jid, Instant.now(), maxItems, Removal.UNTOLD);
            if (filled.stored().size() != maxItems || store.store.itemCount(node) != maxItems) {
                throw new IllegalStateException("the node did not fill up to " + maxItems + " items");
            }
        }

        List<NewItem> nextItems() {
            if (itemsPerCall == 1) {
                return List.of(nextItem());
            }
            List<NewItem> items = new ArrayList<>(itemsPerCall);
            for (int i = 0; i < itemsPerCall; i++) {
                items.add(nextItem());
            }
            return items;
        }

        private NewItem nextItem() {
            long n = counter++;
            return new NewItem(idPrefix + n, "<entry xmlns=\"urn:bench\"><title>Item " + n
                    + " of the benchmark</title><value>" + (1000 + n) + "</value><summary>Lorem ipsum dolor sit amet,"
                    + " consectetur adipiscing elit, sed do eiusmod tempor incididunt.</summary></entry>");
        }
    }

    @Benchmark
    @Threads(1)
    public AppendResult oneThread(Store store, Publisher publisher) {
        return append(store, publisher);
    }

    @Benchmark
    @Threads(4)
    public AppendResult fourThreads(Store store, Publisher publisher) {
        return append(store, publisher);
    }

    /**
     * Group commit as the lanes do it: {@value #GROUP} appends (one publish each) in one group, one commit for
     * them all; scored per append.
     */
    @Benchmark
    @Threads(1)
    @OperationsPerInvocation(GROUP)
    public void oneThreadGroupsOf64(Store store, Publisher publisher, Blackhole results) {
        inGroup(store, publisher, results);
    }

    @Benchmark
    @Threads(4)
    @OperationsPerInvocation(GROUP)
    public void fourThreadsGroupsOf64(Store store, Publisher publisher, Blackhole results) {
        inGroup(store, publisher, results);
    }

    private static void inGroup(Store store, Publisher publisher, Blackhole results) {
        GroupCommit group = store.store.groupCommit();
        group.begin();
        for (int i = 0; i < GROUP; i++) {
            results.consume(append(store, publisher));
        }
        group.commit();
    }

    private static AppendResult append(Store store, Publisher publisher) {
        // evictions untold, as Publish has them on a default node (notify_retract off)
        return store.store.appendItems(publisher.node, publisher.nextItems(), publisher.jid, Instant.now(),
                publisher.maxItems, Removal.UNTOLD, publisher.archive);
    }

    private static void delete(Path path) {
        try {
            Files.delete(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
