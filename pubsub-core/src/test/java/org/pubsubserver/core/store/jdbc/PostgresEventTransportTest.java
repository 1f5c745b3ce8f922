package org.pubsubserver.core.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.pubsubserver.core.model.Removal.UNTOLD;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.pubsubserver.core.cluster.EventTransport;
import org.pubsubserver.core.cluster.WorkClaims;
import org.pubsubserver.core.event.ItemsPublished;
import org.pubsubserver.core.event.NodePurged;
import org.pubsubserver.core.event.PubSubEvent;
import org.pubsubserver.core.model.Item;
import org.pubsubserver.core.model.NewItem;
import org.pubsubserver.core.model.Node;
import org.pubsubserver.core.model.NodeConfig;
import org.pubsubserver.core.model.Subscription;
import org.pubsubserver.core.model.SubscriptionOptions;
import org.pubsubserver.core.model.SubscriptionState;
import org.pubsubserver.core.store.GroupCommit;
import org.pubsubserver.core.store.NodeStore;
import org.xmpp.packet.JID;

/**
 * Events between instances on PostgreSQL (issue 14, "The engine between instances"): two {@link JdbcStorage}s on one
 * schema are two instances, each with its transport started.
 */
class PostgresEventTransportTest {
    private static final JID ALICE = new JID("alice@example.org");
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private final SharedSchema schema = new SharedSchema();

    @AfterEach
    void close() {
        schema.close();
    }

    /** An instance whose transport delivers to the returned queue ("missed: ..." strings for misses). */
    private Instance instance() {
        JdbcStorage storage = schema.openInstance();
        Instance instance = new Instance(storage);
        storage.eventTransport().orElseThrow().start(instance);
        return instance;
    }

    private static final class Instance implements EventTransport.Receiver {
        final JdbcStorage storage;
        final BlockingQueue<Object> received = new LinkedBlockingQueue<>();

        Instance(JdbcStorage storage) {
            this.storage = storage;
        }

        NodeStore store() {
            return storage.nodeStore();
        }

        EventTransport transport() {
            return storage.eventTransport().orElseThrow();
        }

        @Override
        public void onEvent(PubSubEvent event) {
            received.add(event);
        }

        @Override
        public void onEventsMissed(String reason) {
            received.add("missed: " + reason);
        }

        Object next() throws InterruptedException {
            Object next = received.poll(5, TimeUnit.SECONDS);
            assertThat(next).as("an event within 5 s").isNotNull();
            return next;
        }
    }

    /** Publishes in a group, as a lane does, sending the event inside it. */
    private static ItemsPublished publish(Instance instance, Node node, String id) {
        GroupCommit group = instance.store().groupCommit();
        group.begin();
        List<Item> stored = instance.store().appendItems(node, List.of(new NewItem(id, "<x xmlns='t'>" + id + "</x>")),
                ALICE, T0, 1000, UNTOLD).stored();
        Subscription subscriber = new Subscription(node.name(), new JID("bob@example.org"), "s1",
                SubscriptionState.SUBSCRIBED, SubscriptionOptions.defaults());
        ItemsPublished event = new ItemsPublished(node, stored, List.of(subscriber));
        instance.transport().send(event);
        group.commit();
        return event;
    }

    @Test
    void aCommittedEventReachesEveryInstanceWithoutItsRecipients() throws Exception {
        Instance one = instance();
        Instance other = instance();
        Node node = one.store().createNode("news", ALICE, NodeConfig.defaults(), T0).orElseThrow();
        ItemsPublished sent = publish(one, node, "a");
        for (Instance instance : List.of(one, other)) {
            ItemsPublished got = (ItemsPublished) instance.next();
            assertThat(got.items()).isEqualTo(sent.items());
            assertThat(got.node().name()).isEqualTo("news");
            assertThat(got.subscribers()).as("XMPP recipients stay with the committing instance").isEmpty();
        }
    }

    @Test
    void anEventWhoseTransactionRollsBackReachesNoInstance() throws Exception {
        Instance one = instance();
        Instance other = instance();
        Node node = one.store().createNode("news", ALICE, NodeConfig.defaults(), T0).orElseThrow();
        Transactions transactions = ((JdbcNodeStore) one.store()).transactions();
        transactions.begin();
        one.transport().send(new NodePurged(node, List.of(), 1));
        // the group's connection dies before its commit (the database restarts, the network is cut)
        int backend = transactions.read("pid", connection -> {
            try (var statement = connection.createStatement(); var rows = statement.executeQuery("SELECT pg_backend_pid()")) {
                rows.next();
                return rows.getInt(1);
            }
        });
        TestPostgres.execute("SELECT pg_terminate_backend(" + backend + ")");
        assertThatThrownBy(transactions::commit).isInstanceOf(RuntimeException.class);
        publish(one, node, "after");
        // the next event is the published one: the purge never reached anyone
        assertThat(((ItemsPublished) other.next()).items().get(0).itemId()).isEqualTo("after");
        assertThat(((ItemsPublished) one.next()).items().get(0).itemId()).isEqualTo("after");
    }

    @Test
    void eventsOfOneNodeFromTwoInstancesArriveEverywhereInTheNodesOrder() throws Exception {
        Instance one = instance();
        Instance other = instance();
        Node node = one.store().createNode("busy", ALICE, NodeConfig.defaults(), T0).orElseThrow();
        Thread second = new Thread(() -> {
            for (int i = 0; i < 50; i++) {
                publish(other, node, "o" + i);
            }
        });
        second.start();
        for (int i = 0; i < 50; i++) {
            publish(one, node, "a" + i);
        }
        second.join();
        for (Instance instance : List.of(one, other)) {
            List<Long> sequences = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                sequences.add(((ItemsPublished) instance.next()).items().get(0).sequence());
            }
            assertThat(sequences).isSorted().doesNotHaveDuplicates().hasSize(100);
        }
    }

    @Test
    void anInstanceThatLostItsListeningConnectionIsToldItMayHaveMissedEventsAndListensAgain() throws Exception {
        Instance one = instance();
        Instance other = instance();
        Node node = one.store().createNode("news", ALICE, NodeConfig.defaults(), T0).orElseThrow();
        // the database ends every listening session (a restart, a failover, a network cut)
        TestPostgres.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                + " WHERE application_name LIKE 'pubsub-events-listener%'");
        publish(one, node, "during");
        for (Instance instance : List.of(one, other)) {
            Object first = instance.received.poll(10, TimeUnit.SECONDS);
            assertThat(first).as("told of a possible miss").asString().startsWith("missed: ");
        }
        publish(one, node, "after");
        for (Instance instance : List.of(one, other)) {
            Object next = instance.next();
            while (next instanceof ItemsPublished published && published.items().get(0).itemId().equals("during")) {
                next = instance.next(); // delivered if it was published after listening again: fine either way
            }
            assertThat(((ItemsPublished) next).items().get(0).itemId()).isEqualTo("after");
        }
    }

    @Test
    void workIsClaimedByOneInstanceUntilItsClaimLapses() throws Exception {
        WorkClaims one = instance().storage.workClaims();
        WorkClaims other = instance().storage.workClaims();
        assertThat(one.claim("sweep", Duration.ofMillis(800))).isTrue();
        assertThat(other.claim("sweep", Duration.ofMillis(800))).as("held by the first").isFalse();
        assertThat(one.claim("sweep", Duration.ofMillis(800))).as("renewed by its holder").isTrue();
        assertThat(other.claim("another", Duration.ofMillis(800))).as("each work its own claim").isTrue();
        Thread.sleep(1000); // the holder stopped renewing
        assertThat(other.claim("sweep", Duration.ofMillis(800))).as("taken over once lapsed").isTrue();
        assertThat(one.claim("sweep", Duration.ofMillis(800))).isFalse();
    }
}
