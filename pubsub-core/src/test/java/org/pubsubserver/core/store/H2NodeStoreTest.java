package org.pubsubserver.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.pubsubserver.core.model.Removal.UNTOLD;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pubsubserver.core.model.Item;
import org.pubsubserver.core.model.NewItem;
import org.pubsubserver.core.model.Node;
import org.pubsubserver.core.model.NodeConfig;
import org.pubsubserver.core.model.StreamPosition;
import org.pubsubserver.core.model.SubscriptionOptions;
import org.pubsubserver.core.model.SubscriptionState;
import org.pubsubserver.core.store.jdbc.JdbcStorage;
import org.pubsubserver.core.store.jdbc.StorageSettings;
import org.xmpp.packet.JID;

class H2NodeStoreTest extends NodeStoreContract {
    private JdbcStorage storage;

    @Override
    protected NodeStore newStore() {
        storage = JdbcStorage.openInMemory("contract-" + UUID.randomUUID());
        return storage.nodeStore();
    }

    @AfterEach
    void close() {
        storage.close();
    }

    @Test
    void aGroupMakesItsWritesVisibleToItselfAndDurableAtItsOneCommit(@TempDir Path dir) throws Exception {
        JID alice = new JID("alice@example.org");
        try (JdbcStorage file = JdbcStorage.openFile(dir, 4)) {
            NodeStore store = file.nodeStore();
            GroupCommit group = store.groupCommit();
            group.begin();
            Node node = store.createNode("grouped", alice, NodeConfig.defaults(), Instant.EPOCH).orElseThrow();
            store.appendItems(node, List.of(new NewItem("a", "<x xmlns='t'/>")), alice, Instant.EPOCH, 10, UNTOLD);
            // inside the group, its own writes are seen; outside it (another thread), nothing yet
            assertThat(store.findNode("grouped")).isPresent();
            assertThat(store.itemCount(node)).isEqualTo(1);
            assertThat(CompletableFuture.supplyAsync(() -> store.findNode("grouped")).get()).isEmpty();
            // a write that fails is undone alone; the group goes on
            String tooLong = "n".repeat(2000);
            assertThatThrownBy(
                    () -> store.createNode(tooLong, alice, NodeConfig.defaults(), Instant.EPOCH))
                    .isInstanceOf(StoreException.class);
            store.appendItems(node, List.of(new NewItem("b", "<x xmlns='t'/>")), alice, Instant.EPOCH, 10, UNTOLD);
            group.commit();
            assertThat(CompletableFuture.supplyAsync(() -> store.findNode("grouped")).get())
                    .isPresent();
        }
        try (JdbcStorage reopened = JdbcStorage.openFile(dir, 2)) {
            NodeStore store = reopened.nodeStore();
            Node node = store.findNode("grouped").orElseThrow();
            assertThat(store.items(node, 10)).extracting(Item::itemId).containsExactly("a", "b");
            assertThat(store.nodeNames()).containsExactly("grouped");
        }
    }

    @Test
    void migrationV2FillsTheBareJidOfExistingSubscriptions(@TempDir Path dir) throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("pubsub").toAbsolutePath();
        org.flywaydb.core.Flyway.configure().dataSource(url, "sa", "").locations("classpath:db/migration")
                .target("1").load().migrate();
        try (var connection = java.sql.DriverManager.getConnection(url, "sa", "");
             var statement = connection.createStatement()) {
            statement.execute("INSERT INTO pubsub_node (name, creator, created, config)"
                    + " VALUES ('old', 'alice@example.org', CURRENT_TIMESTAMP, '')");
            statement.execute("INSERT INTO pubsub_subscription (node_id, subid, jid, state)"
                    + " SELECT id, 's1', 'bob@example.org/phone', 'subscribed' FROM pubsub_node");
        }
        try (JdbcStorage file = JdbcStorage.openFile(dir, 2)) {
            NodeStore store = file.nodeStore();
            assertThat(store.subscriptionsOf(new org.xmpp.packet.JID("bob@example.org"), null))
                    .extracting(s -> s.jid().toString()).containsExactly("bob@example.org/phone");
        }
    }

    @Test
    void migrationV10KeepsTheLatestRemovalOfExistingNodesSoAStreamFromBeforeItIsStillReset(@TempDir Path dir)
            throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("pubsub").toAbsolutePath();
        org.flywaydb.core.Flyway.configure().dataSource(url, "sa", "").locations("classpath:db/migration")
                .target("9").load().migrate();
        try (var connection = java.sql.DriverManager.getConnection(url, "sa", "");
             var statement = connection.createStatement()) {
            statement.execute("INSERT INTO pubsub_node (name, creator, created, config)"
                    + " VALUES ('old', 'alice@example.org', CURRENT_TIMESTAMP, '')");
            // items 1 to 3, one of them evicted untold at 3 as before V10 (every removal took a place), then 4
            statement.execute("INSERT INTO pubsub_node_state (node_id, last_seq, removed_seq, item_count)"
                    + " SELECT id, 4, 3, 0 FROM pubsub_node");
        }
        try (JdbcStorage file = JdbcStorage.openFile(dir, 2)) {
            NodeStore store = file.nodeStore();
            Node node = store.findNode("old").orElseThrow();
            StreamPosition position = store.streamPosition(node);
            assertThat(position).isEqualTo(new StreamPosition(4, 3, 0));
            assertThat(position.replayableAfter(2)).isFalse();
            assertThat(position.replayableAfter(3)).isTrue();
            store.appendItems(node, List.of(new NewItem("a", "<x xmlns='t'/>")), ALICE, T0, 10, UNTOLD);
            store.removeItems(node, List.of("a"), UNTOLD);
            assertThat(store.streamPosition(node)).isEqualTo(new StreamPosition(5, 3, 5));
        }
    }

    @Test
    void withStorageSyncOnTheFileIsForcedAtEachCommitAndKeepsWhatWasWritten(@TempDir Path dir) {
        try (JdbcStorage file = JdbcStorage.open(StorageSettings.h2File(dir, 2, true))) {
            NodeStore store = file.nodeStore();
            GroupCommit group = store.groupCommit();
            group.begin();
            Node node = store.createNode("synced", ALICE, NodeConfig.defaults(), T0).orElseThrow();
            store.appendItems(node, List.of(new NewItem("i1", "<p xmlns='urn:t'/>")), ALICE, T0, 10, UNTOLD);
            group.commit();
            store.appendItems(node, List.of(new NewItem("i2", "<p xmlns='urn:t'/>")), ALICE, T0, 10, UNTOLD);
        }
        try (JdbcStorage file = JdbcStorage.openFile(dir, 2)) {
            NodeStore store = file.nodeStore();
            Node node = store.findNode("synced").orElseThrow();
            assertThat(store.items(node, 10)).extracting(Item::itemId).containsExactly("i1", "i2");
        }
    }

    @Test
    void itemsSurviveClosingAndReopeningTheDatabaseFile(@TempDir Path dir) {
        try (JdbcStorage file = JdbcStorage.openFile(dir, 2)) {
            NodeStore store = file.nodeStore();
            Node node = store.createNode("durable", ALICE, NodeConfig.defaults(), T0).orElseThrow();
            store.appendItems(node, List.of(new NewItem("i1", "<p xmlns='urn:t'/>")), ALICE, T0, 10, UNTOLD);
        }
        try (JdbcStorage file = JdbcStorage.openFile(dir, 2)) {
            NodeStore store = file.nodeStore();
            Node node = store.findNode("durable").orElseThrow();
            assertThat(store.items(node, 10)).extracting(Item::itemId).containsExactly("i1");
        }
    }
}
