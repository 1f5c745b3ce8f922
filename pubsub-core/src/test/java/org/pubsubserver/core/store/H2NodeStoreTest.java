package org.pubsubserver.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pubsubserver.core.model.Item;
import org.pubsubserver.core.model.NewItem;
import org.pubsubserver.core.model.Node;
import org.pubsubserver.core.model.NodeConfig;
import org.pubsubserver.core.store.jdbc.H2Storage;

class H2NodeStoreTest extends NodeStoreContract {
    private H2Storage storage;

    @Override
    protected NodeStore newStore() {
        storage = H2Storage.openInMemory("contract-" + UUID.randomUUID());
        return storage.nodeStore();
    }

    @AfterEach
    void close() {
        storage.close();
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
        try (H2Storage file = H2Storage.openFile(dir, 2)) {
            NodeStore store = file.nodeStore();
            assertThat(store.subscriptionsOf(new org.xmpp.packet.JID("bob@example.org"), null))
                    .extracting(s -> s.jid().toString()).containsExactly("bob@example.org/phone");
        }
    }

    @Test
    void itemsSurviveClosingAndReopeningTheDatabaseFile(@TempDir Path dir) {
        try (H2Storage file = H2Storage.openFile(dir, 2)) {
            NodeStore store = file.nodeStore();
            Node node = store.createNode("durable", ALICE, NodeConfig.defaults(), T0).orElseThrow();
            store.appendItems(node, List.of(new NewItem("i1", "<p xmlns='urn:t'/>")), ALICE, T0, 10);
        }
        try (H2Storage file = H2Storage.openFile(dir, 2)) {
            NodeStore store = file.nodeStore();
            Node node = store.findNode("durable").orElseThrow();
            assertThat(store.items(node, 10)).extracting(Item::itemId).containsExactly("i1");
        }
    }
}
