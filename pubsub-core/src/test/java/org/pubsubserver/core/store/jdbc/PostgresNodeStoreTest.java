package org.pubsubserver.core.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.pubsubserver.core.model.Removal.UNTOLD;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.pubsubserver.core.model.Affiliation;
import org.pubsubserver.core.model.Item;
import org.pubsubserver.core.model.NewItem;
import org.pubsubserver.core.model.Node;
import org.pubsubserver.core.model.NodeConfig;
import org.pubsubserver.core.model.SubscriptionOptions;
import org.pubsubserver.core.model.SubscriptionState;
import org.pubsubserver.core.store.GroupCommit;
import org.pubsubserver.core.store.NodeStore;
import org.pubsubserver.core.store.NodeStoreContract;
import org.pubsubserver.core.store.StoreOpenException;
import org.xmpp.packet.JID;

/**
 * The store's contract on PostgreSQL (scripts/test-servers.sh's), and what sharing it between instances adds: two
 * {@link JdbcStorage}s on one schema are two instances of the server.
 */
class PostgresNodeStoreTest extends NodeStoreContract {
    private final List<JdbcStorage> opened = new ArrayList<>();
    private StorageSettings settings;

    @Override
    protected NodeStore newStore() {
        settings = TestPostgres.freshSchema();
        return instance().nodeStore();
    }

    /** Another instance of the server on the same database. */
    private JdbcStorage instance() {
        JdbcStorage storage = JdbcStorage.open(settings);
        opened.add(storage);
        return storage;
    }

    @AfterEach
    void close() {
        opened.forEach(JdbcStorage::close);
        TestPostgres.dropSchema(settings);
    }

    @Test
    void aChangeMadeThroughOneInstanceIsSeenByTheNextRequestOnAnother() {
        NodeStore one = opened.get(0).nodeStore();
        NodeStore other = instance().nodeStore();
        JID alice = new JID("alice@example.org");
        Node node = one.createNode("news", alice, NodeConfig.defaults(), T0).orElseThrow();
        // the other instance caches the node and its (empty) subscriptions
        assertThat(other.findNode("news").orElseThrow().config()).isEqualTo(NodeConfig.defaults());
        assertThat(other.subscriptions(other.findNode("news").orElseThrow())).isEmpty();

        NodeConfig changed = NodeConfig.of(Map.of("pubsub#max_items", "3"));
        one.updateConfig(node, changed);
        one.addSubscription(node, new JID("bob@example.org/phone"), "s1", SubscriptionState.SUBSCRIBED,
                SubscriptionOptions.defaults());
        Node seen = other.findNode("news").orElseThrow();
        assertThat(seen.config()).isEqualTo(changed);
        assertThat(other.subscriptions(seen)).extracting(s -> s.subId()).containsExactly("s1");

        one.setSubscriptionState(node, "s1", SubscriptionState.PENDING);
        assertThat(other.subscriptions(other.findNode("news").orElseThrow()).get(0).state())
                .isEqualTo(SubscriptionState.PENDING);
        one.removeSubscriptions(node, new JID("bob@example.org/phone"), null);
        assertThat(other.subscriptions(other.findNode("news").orElseThrow())).isEmpty();

        JID bob = new JID("bob@example.org");
        assertThat(other.affiliation(other.findNode("news").orElseThrow(), bob)).isEqualTo(Affiliation.NONE);
        one.setAffiliation(node, bob, Affiliation.PUBLISHER);
        assertThat(other.affiliation(other.findNode("news").orElseThrow(), bob)).isEqualTo(Affiliation.PUBLISHER);
        one.setAffiliation(node, bob, Affiliation.OUTCAST);
        assertThat(other.affiliation(other.findNode("news").orElseThrow(), bob)).isEqualTo(Affiliation.OUTCAST);

        one.deleteNode(node, null);
        assertThat(other.findNode("news")).isEmpty();
        Node again = one.createNode("news", alice, NodeConfig.defaults(), T0).orElseThrow();
        assertThat(other.findNode("news")).contains(again);
    }

    /**
     * Inside a group a look at a node's version holds for the work handed over before it, and only for that: work
     * handed over after a change committed elsewhere sees the change.
     */
    @Test
    void inAGroupWorkHandedOverAfterAChangeElsewhereSeesIt() {
        NodeStore one = opened.get(0).nodeStore();
        NodeStore other = instance().nodeStore();
        Node node = one.createNode("news", ALICE, NodeConfig.defaults(), T0).orElseThrow();
        assertThat(other.findNode("news")).isPresent(); // cached there
        GroupCommit group = other.groupCommit();
        group.begin();
        group.nextWork(System.nanoTime());
        // a look at the version, which holds for the work handed over until now
        assertThat(other.findNode("news").orElseThrow().config()).isEqualTo(NodeConfig.defaults());
        long before = System.nanoTime();
        NodeConfig changed = NodeConfig.of(Map.of("pubsub#max_items", "3"));
        one.updateConfig(node, changed);
        group.nextWork(before);
        assertThat(other.findNode("news").orElseThrow().config()).as("handed over before the change: either")
                .isIn(NodeConfig.defaults(), changed);
        group.nextWork(System.nanoTime());
        assertThat(other.findNode("news").orElseThrow().config()).isEqualTo(changed);
        group.commit();
    }

    /**
     * A group's look at one node reads the versions of the nodes looked at lately along with it: those found current
     * need no look of their own in the group, and one changed elsewhere meanwhile is still read again.
     */
    @Test
    void aLookAlongWithAnotherNodeStillSeesAChangeMadeElsewhere() {
        NodeStore one = opened.get(0).nodeStore();
        NodeStore other = instance().nodeStore();
        Node changedNode = null;
        for (String name : List.of("a", "b", "c")) {
            Node created = one.createNode(name, ALICE, NodeConfig.defaults(), T0).orElseThrow();
            changedNode = name.equals("c") ? created : changedNode;
            assertThat(other.findNode(name)).isPresent(); // cached there
        }
        GroupCommit group = other.groupCommit();
        group.begin();
        group.nextWork(System.nanoTime());
        for (String name : List.of("a", "b", "c")) {
            assertThat(other.findNode(name)).isPresent(); // each looked at: now "lately"
        }
        group.commit();
        NodeConfig changed = NodeConfig.of(Map.of("pubsub#max_items", "3"));
        one.updateConfig(changedNode, changed);
        group.begin();
        group.nextWork(System.nanoTime());
        assertThat(other.findNode("a").orElseThrow().config()).isEqualTo(NodeConfig.defaults()); // looks at b, c too
        assertThat(other.findNode("c").orElseThrow().config()).isEqualTo(changed);
        assertThat(other.findNode("b").orElseThrow().config()).isEqualTo(NodeConfig.defaults());
        group.commit();
    }

    @Test
    void instancesPublishingToOneNodeTakeItsSequenceNumbersOneAfterAnother() throws Exception {
        NodeStore one = opened.get(0).nodeStore();
        NodeStore other = instance().nodeStore();
        Node node = one.createNode("busy", ALICE, NodeConfig.defaults(), T0).orElseThrow();
        int each = 100;
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<Long>>> publishers = new ArrayList<>();
            for (NodeStore store : List.of(one, other, one, other)) {
                Callable<List<Long>> publish = () -> {
                    List<Long> sequences = new ArrayList<>();
                    for (int i = 0; i < each; i++) {
                        sequences.add(store.appendItems(node, List.of(new NewItem(
                                java.util.UUID.randomUUID().toString(), "<x xmlns='t'/>")), ALICE, T0, 1000, UNTOLD)
                                .stored().get(0).sequence());
                    }
                    return sequences;
                };
                publishers.add(threads.submit(publish));
            }
            List<Long> all = new ArrayList<>();
            for (Future<List<Long>> publisher : publishers) {
                all.addAll(publisher.get());
            }
            assertThat(all).doesNotHaveDuplicates().hasSize(4 * each);
            assertThat(all.stream().mapToLong(Long::longValue).max().orElseThrow()).isEqualTo(4 * each);
            assertThat(one.itemCount(node)).isEqualTo(4 * each);
            assertThat(other.items(node, 4 * each)).extracting(Item::sequence)
                    .containsExactlyElementsOf(IntStream.rangeClosed(1, 4 * each).mapToObj(i -> (long) i).toList());
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void twoInstancesCreatingOneNodeAtOnceMakeOneNodeAndTellTheOtherItExists() throws Exception {
        NodeStore one = opened.get(0).nodeStore();
        NodeStore other = instance().nodeStore();
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 20; round++) {
                String name = "node-" + round;
                Future<Boolean> first = threads.submit(() -> one.createNode(name, ALICE, NodeConfig.defaults(), T0).isPresent());
                Future<Boolean> second = threads.submit(() -> other.createNode(name, ALICE, NodeConfig.defaults(), T0).isPresent());
                assertThat(List.of(first.get(), second.get())).as(name).containsOnlyOnce(true);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void instancesStartingTogetherMigrateTheSchemaOnce() throws Exception {
        StorageSettings empty = TestPostgres.freshSchema();
        ExecutorService threads = Executors.newFixedThreadPool(3);
        try {
            List<Future<JdbcStorage>> starting = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                starting.add(threads.submit(() -> JdbcStorage.open(empty)));
            }
            for (Future<JdbcStorage> storage : starting) {
                storage.get().close();
            }
            try (Connection connection = DriverManager.getConnection(empty.url(), empty.user(), empty.password());
                 Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery(
                         "SELECT version, COUNT(*) FROM flyway_schema_history GROUP BY version ORDER BY version")) {
                List<String> versions = new ArrayList<>();
                while (rows.next()) {
                    versions.add(rows.getString(1) + "x" + rows.getInt(2));
                }
                assertThat(versions).containsExactly("10x1", "11x1", "12x1", "13x1", "14x1", "15x1", "16x1");
            }
        } finally {
            threads.shutdownNow();
            TestPostgres.dropSchema(empty);
        }
    }

    @Test
    void everyConnectionCommitsSynchronouslyWhateverTheDatabaseDefault() throws Exception {
        // the server's default says off (as some tuned installations do): the store's connections still wait
        StorageSettings relaxed = new StorageSettings(settings.url() + "&options=-c%20synchronous_commit%3Doff",
                settings.user(), settings.password(), 2, false);
        try (JdbcStorage storage = JdbcStorage.open(relaxed);
             Connection connection = storage.dataSource().getConnection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SHOW synchronous_commit")) {
            rows.next();
            assertThat(rows.getString(1)).isEqualTo("on");
        }
        try (Connection plain = DriverManager.getConnection(relaxed.url(), relaxed.user(), relaxed.password());
             Statement statement = plain.createStatement();
             ResultSet rows = statement.executeQuery("SHOW synchronous_commit")) {
            rows.next();
            assertThat(rows.getString(1)).as("the URL's option applies where nothing overrides it").isEqualTo("off");
        }
    }

    @Test
    void wrongCredentialsStopTheStartWithASentenceNamingTheSettings() {
        StorageSettings wrong = new StorageSettings(settings.url(), settings.user(), "not-the-password", 2, false);
        assertThatThrownBy(() -> JdbcStorage.open(wrong))
                .isInstanceOf(StoreOpenException.class)
                .hasMessageContaining("refused the account 'pubsub'")
                .hasMessageContaining("storage.password");
    }

    @Test
    void anUnreachableDatabaseStopsTheStartWithASentenceNamingTheUrl() {
        StorageSettings nowhere = new StorageSettings("jdbc:postgresql://127.0.0.1:1/pubsub?connectTimeout=2",
                "pubsub", "x", 2, false);
        assertThatThrownBy(() -> JdbcStorage.open(nowhere))
                .isInstanceOf(StoreOpenException.class)
                .hasMessageContaining("Cannot reach the database PostgreSQL jdbc:postgresql://127.0.0.1:1/pubsub")
                .hasMessageContaining("storage.url");
    }

    @Test
    void aMissingDatabaseStopsTheStartWithASentenceSayingToCreateIt() {
        StorageSettings missing = new StorageSettings("jdbc:postgresql://127.0.0.1:" + TestPostgres.PORT + "/no_such_db",
                settings.user(), settings.password(), 2, false);
        assertThatThrownBy(() -> JdbcStorage.open(missing))
                .isInstanceOf(StoreOpenException.class)
                .hasMessageContaining("does not exist")
                .hasMessageContaining("createdb");
    }

    @Test
    void aSchemaFromANewerVersionStopsTheStartAndIsLeftAsItIs() throws Exception {
        try (Connection connection = DriverManager.getConnection(settings.url(), settings.user(), settings.password());
             Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO flyway_schema_history (installed_rank, version, description, type, script,"
                    + " checksum, installed_by, execution_time, success) VALUES (99, '99', 'from the future', 'SQL',"
                    + " 'V99__from_the_future.sql', 0, 'pubsub', 1, TRUE)");
        }
        assertThatThrownBy(this::instance)
                .isInstanceOf(StoreOpenException.class)
                .hasMessageContaining("holds a schema of version 99, newer than this server knows (16)");
        try (Connection connection = DriverManager.getConnection(settings.url(), settings.user(), settings.password());
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM flyway_schema_history")) {
            rows.next();
            assertThat(rows.getInt(1)).isEqualTo(8); // V10 to V16 and the one from the future
        }
    }
}
