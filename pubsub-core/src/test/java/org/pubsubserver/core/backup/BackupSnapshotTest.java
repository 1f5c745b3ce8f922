package org.pubsubserver.core.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pubsubserver.core.backup.SampleStore.ALICE;
import static org.pubsubserver.core.backup.SampleStore.T0;

import java.io.ByteArrayOutputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.pubsubserver.core.model.NewItem;
import org.pubsubserver.core.model.Node;
import org.pubsubserver.core.model.NodeConfig;
import org.pubsubserver.core.model.Removal;
import org.pubsubserver.core.store.NodeStore;
import org.pubsubserver.core.store.jdbc.JdbcStorage;
import org.pubsubserver.core.store.jdbc.StorageSettings;
import org.pubsubserver.core.store.jdbc.TestPostgres;

/**
 * An export of a store being written to is one snapshot: a publish committed while it runs is wholly out of it,
 * never half in (its item without the node's counters that count it, or the other way round).
 */
class BackupSnapshotTest {
    private final List<JdbcStorage> opened = new ArrayList<>();
    private StorageSettings postgres;

    @AfterEach
    void close() {
        opened.forEach(JdbcStorage::close);
        if (postgres != null) {
            TestPostgres.dropSchema(postgres);
        }
    }

    @Test
    void writesCommittedDuringTheExport_areWhollyOutOfIt_h2Snapshot() {
        JdbcStorage storage = JdbcStorage.openInMemory("snapshot-" + UUID.randomUUID());
        opened.add(storage);
        writesCommittedDuringTheExportAreWhollyOut(storage);
    }

    @Test
    void writesCommittedDuringTheExport_areWhollyOutOfIt_postgresqlRepeatableRead() {
        postgres = TestPostgres.freshSchema();
        JdbcStorage storage = JdbcStorage.open(postgres);
        opened.add(storage);
        writesCommittedDuringTheExportAreWhollyOut(storage);
    }

    private static void writesCommittedDuringTheExportAreWhollyOut(JdbcStorage storage) {
        NodeStore store = storage.nodeStore();
        Node first = store.createNode("first", ALICE.asBareJID(), NodeConfig.defaults(), T0).orElseThrow();
        Node second = store.createNode("second", ALICE.asBareJID(), NodeConfig.defaults(), T0).orElseThrow();
        store.appendItems(first, List.of(new NewItem("1", "")), ALICE, T0, 10, Removal.UNTOLD);
        store.appendItems(second, List.of(new NewItem("1", "")), ALICE, T0, 10, Removal.UNTOLD);
        Node doomed = store.createNode("doomed", ALICE.asBareJID(), NodeConfig.defaults(), T0).orElseThrow();
        store.appendItems(doomed, List.of(new NewItem("1", "")), ALICE, T0, 10, Removal.UNTOLD);
        // after the snapshot's first statement (which reads the nodes and items), before the nodes' counters and
        // the deleted nodes' tables are read: a publish, and a deletion (H2's REPEATABLE READ, which takes each
        // table's snapshot when it is first read, exports the deleted node both as a node and as retired); then,
        // after the second node's counters are read and before its items are, another publish and a creation
        BackupProgress writer = new BackupProgress() {
            @Override
            public void started(long nodes, long items) {
                store.appendItems(second, List.of(new NewItem("2", "")), ALICE, T0, 10, Removal.UNTOLD);
                store.deleteNode(doomed, "xmpp:elsewhere");
            }

            @Override
            public void node(String name) {
                if (name.equals("first")) {
                    store.appendItems(second, List.of(new NewItem("3", "")), ALICE, T0, 10, Removal.UNTOLD);
                    store.createNode("third", ALICE.asBareJID(), NodeConfig.defaults(), T0).orElseThrow();
                }
            }
        };

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new StoreBackup(Clock.systemUTC(), "test").export(storage.dataSource(), out, writer);

        ExportCollector export = ExportCollector.read(out.toByteArray());
        assertThat(export.nodes).containsOnlyKeys("first", "second", "doomed");
        assertThat(export.items.get("doomed")).extracting(StoreSink.ItemRow::itemId).containsExactly("1");
        assertThat(export.nodes.get("doomed").lastSeq()).isEqualTo(1);
        assertThat(export.redirects).isEmpty();
        assertThat(export.retired).isEmpty();
        assertThat(export.nodes.get("second").lastSeq()).isEqualTo(1);
        assertThat(export.nodes.get("second").itemCount()).isEqualTo(1);
        assertThat(export.items.get("second")).extracting(StoreSink.ItemRow::itemId).containsExactly("1");
        assertThat(export.header.items()).isEqualTo(3);
        assertThat(store.streamPosition(second).last()).isEqualTo(3); // the writes did happen, after the snapshot
    }
}
