package org.pubsubserver.core.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.pubsubserver.core.backup.SampleStore.ALICE;
import static org.pubsubserver.core.backup.SampleStore.DELETED;
import static org.pubsubserver.core.backup.SampleStore.T0;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pubsubserver.core.model.NewItem;
import org.pubsubserver.core.model.Node;
import org.pubsubserver.core.model.NodeConfig;
import org.pubsubserver.core.model.Removal;
import org.pubsubserver.core.store.jdbc.JdbcStorage;
import org.pubsubserver.core.store.jdbc.StorageSettings;
import org.pubsubserver.core.store.jdbc.TestPostgres;

/** Moving a store between H2 and PostgreSQL (the test PostgreSQL of scripts/test-servers.sh), both ways. */
class BackupPostgresTest {
    private final StoreBackup backup = new StoreBackup(Clock.systemUTC(), "test");
    private final List<JdbcStorage> opened = new ArrayList<>();
    private final List<StorageSettings> schemas = new ArrayList<>();
    @TempDir
    Path dir;

    private JdbcStorage h2() {
        JdbcStorage storage = JdbcStorage.openInMemory("pg-backup-" + UUID.randomUUID());
        opened.add(storage);
        return storage;
    }

    private JdbcStorage postgres() {
        StorageSettings settings = TestPostgres.freshSchema();
        schemas.add(settings);
        JdbcStorage storage = JdbcStorage.open(settings);
        opened.add(storage);
        return storage;
    }

    @AfterEach
    void close() {
        opened.forEach(JdbcStorage::close);
        schemas.forEach(TestPostgres::dropSchema);
    }

    @Test
    void h2ExportImportedIntoPostgresql_givesBackTheWholeStore() throws Exception {
        JdbcStorage source = h2();
        SampleStore.fill(source.nodeStore());
        Path file = dir.resolve("store.xml.gz");

        backup.export(source.dataSource(), file, BackupProgress.NONE);
        JdbcStorage target = postgres();
        backup.importFrom(file, target.dataSource(), ImportMode.INTO_EMPTY, BackupProgress.NONE);

        assertThat(StoreView.of(target.nodeStore(), DELETED)).isEqualTo(StoreView.of(source.nodeStore(), DELETED));
    }

    @Test
    void h2CopiedToPostgresql_andBackToH2_isTheSameStore() throws Exception {
        JdbcStorage h2 = h2();
        SampleStore.fill(h2.nodeStore());
        JdbcStorage postgres = postgres();
        JdbcStorage again = h2();

        backup.copy(h2.dataSource(), postgres.dataSource(), ImportMode.INTO_EMPTY, BackupProgress.NONE);
        backup.copy(postgres.dataSource(), again.dataSource(), ImportMode.INTO_EMPTY, BackupProgress.NONE);

        StoreView original = StoreView.of(h2.nodeStore(), DELETED);
        assertThat(StoreView.of(postgres.nodeStore(), DELETED)).isEqualTo(original);
        assertThat(StoreView.of(again.nodeStore(), DELETED)).isEqualTo(original);
    }

    @Test
    void postgresqlAfterAnImport_createsNodesWithNewIds_andContinuesEachNodesSequence() throws Exception {
        JdbcStorage source = h2();
        SampleStore.fill(source.nodeStore());
        JdbcStorage target = postgres();
        backup.copy(source.dataSource(), target.dataSource(), ImportMode.INTO_EMPTY, BackupProgress.NONE);

        for (JdbcStorage storage : List.of(source, target)) {
            Node news = storage.nodeStore().findNode("news").orElseThrow();
            storage.nodeStore().appendItems(news, List.of(new NewItem("f", "")), ALICE, T0, 5, Removal.UNTOLD);
            storage.nodeStore().createNode("gone", ALICE.asBareJID(), NodeConfig.defaults(), T0).orElseThrow();
            for (int i = 0; i < 5; i++) { // the identity column goes on past the imported ids
                storage.nodeStore().createNode("new-" + i, ALICE.asBareJID(), NodeConfig.defaults(), T0).orElseThrow();
            }
        }

        assertThat(StoreView.of(target.nodeStore(), DELETED)).isEqualTo(StoreView.of(source.nodeStore(), DELETED));
        assertThat(target.nodeStore().nodeNames().stream()
                .map(name -> target.nodeStore().findNode(name).orElseThrow().id()).distinct()).hasSize(9);
    }

    @Test
    void postgresqlTargetWithNodes_isRefused_andKeepsWhatItHad() throws Exception {
        JdbcStorage source = h2();
        SampleStore.fill(source.nodeStore());
        JdbcStorage target = postgres();
        target.nodeStore().createNode("mine", ALICE.asBareJID(), NodeConfig.defaults(), T0).orElseThrow();

        assertThatThrownBy(() -> backup.copy(source.dataSource(), target.dataSource(), ImportMode.INTO_EMPTY,
                BackupProgress.NONE)).isInstanceOf(BackupException.class)
                .hasMessageStartingWith("The target store is not empty: it has 1 node(s) (mine).");
        assertThat(target.nodeStore().nodeNames()).containsExactly("mine");
    }
}
