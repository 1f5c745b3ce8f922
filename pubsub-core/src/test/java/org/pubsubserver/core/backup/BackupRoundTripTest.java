package org.pubsubserver.core.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pubsubserver.core.backup.SampleStore.ALICE;
import static org.pubsubserver.core.backup.SampleStore.DELETED;
import static org.pubsubserver.core.backup.SampleStore.T0;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pubsubserver.core.model.NewItem;
import org.pubsubserver.core.model.Node;
import org.pubsubserver.core.model.NodeConfig;
import org.pubsubserver.core.model.Removal;
import org.pubsubserver.core.store.NodeStore;
import org.pubsubserver.core.store.jdbc.JdbcStorage;

/** An export imported into an empty store gives back the whole store, as the store's API tells it (H2 to H2). */
class BackupRoundTripTest {
    static final Instant EXPORTED = Instant.parse("2026-12-06T12:00:00Z");
    private final StoreBackup backup = new StoreBackup(Clock.fixed(EXPORTED, ZoneOffset.UTC), "1.2.3");
    private final List<JdbcStorage> opened = new ArrayList<>();
    @TempDir
    Path dir;

    private JdbcStorage h2() {
        JdbcStorage storage = JdbcStorage.openInMemory("backup-" + UUID.randomUUID());
        opened.add(storage);
        return storage;
    }

    @AfterEach
    void close() {
        opened.forEach(JdbcStorage::close);
    }

    @Test
    void exportImportedIntoAnEmptyStore_givesBackEveryNodeConfigAffiliationSubscriptionItemPositionAndRedirect()
            throws Exception {
        JdbcStorage source = h2();
        SampleStore.fill(source.nodeStore());
        Path file = dir.resolve("store.xml");

        BackupSummary exported = backup.export(source.dataSource(), file, BackupProgress.NONE);
        JdbcStorage target = h2();
        BackupSummary imported = backup.importFrom(file, target.dataSource(), ImportMode.INTO_EMPTY, BackupProgress.NONE);

        StoreView expected = StoreView.of(source.nodeStore(), DELETED);
        assertThat(StoreView.of(target.nodeStore(), DELETED)).isEqualTo(expected);
        assertThat(expected.nodes()).containsOnlyKeys("news", "empty", "reborn");
        assertThat(expected.nodes().get("news").position().removed()).isPositive(); // the sample has what it should
        assertThat(expected.nodes().get("news").position().lost()).isPositive();
        assertThat(expected.nodes().get("news").subscriptions()).hasSize(4);
        assertThat(expected.redirects().get("moved")).isPresent();
        assertThat(expected.nodes().get("reborn").parent()).isEqualTo("empty"); // the hierarchy (XEP-0248) is kept
        assertThat(expected.nodes().get("empty").config()).containsEntry("pubsub#node_type", "collection");
        assertThat(exported).isEqualTo(new BackupSummary(3, 5, 1, 3));
        assertThat(imported).isEqualTo(exported);
    }

    @Test
    void exportWrittenToAGzFile_isGzipCompressed_andImportsAsIs() throws Exception {
        JdbcStorage source = h2();
        SampleStore.fill(source.nodeStore());
        Path file = dir.resolve("store.xml.gz");

        backup.export(source.dataSource(), file, BackupProgress.NONE);
        String xml;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            xml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        JdbcStorage target = h2();
        backup.importFrom(file, target.dataSource(), ImportMode.INTO_EMPTY, BackupProgress.NONE);

        assertThat(xml).startsWith("<?xml version='1.0' encoding='UTF-8'?>\n<pubsub-export"
                + " xmlns='urn:pubsubserver:export:1' format-version='1' software-version='1.2.3'"
                + " exported='2026-12-06T12:00:00Z' nodes='3' items='5'>");
        assertThat(StoreView.of(target.nodeStore(), DELETED)).isEqualTo(StoreView.of(source.nodeStore(), DELETED));
        assertThat(dir.resolve("store.xml.gz.partial")).doesNotExist();
    }

    @Test
    void copiedStore_isTheSourceStore_withNoFileBetween() throws Exception {
        JdbcStorage source = h2();
        SampleStore.fill(source.nodeStore());
        JdbcStorage target = h2();

        BackupSummary copied = backup.copy(source.dataSource(), target.dataSource(), ImportMode.INTO_EMPTY,
                BackupProgress.NONE);

        assertThat(StoreView.of(target.nodeStore(), DELETED)).isEqualTo(StoreView.of(source.nodeStore(), DELETED));
        assertThat(copied).isEqualTo(new BackupSummary(3, 5, 1, 3));
    }

    @Test
    void importedNodes_continueTheirSequences_soSseResumeIdsStayValid_andNewNodesGetIdsOfTheirOwn() throws Exception {
        JdbcStorage source = h2();
        SampleStore.fill(source.nodeStore());
        JdbcStorage target = h2();
        backup.copy(source.dataSource(), target.dataSource(), ImportMode.INTO_EMPTY, BackupProgress.NONE);

        for (JdbcStorage storage : List.of(source, target)) { // the same writes on both give the same answers
            NodeStore store = storage.nodeStore();
            Node news = store.findNode("news").orElseThrow();
            store.appendItems(news, List.of(new NewItem("f", "<x xmlns='urn:test'>f</x>")), ALICE, T0, 5, Removal.UNTOLD);
            store.createNode("gone", ALICE.asBareJID(), NodeConfig.defaults(), T0).orElseThrow(); // retired: continues
            store.createNode("moved", ALICE.asBareJID(), NodeConfig.defaults(), T0).orElseThrow();
            store.createNode("brand-new", ALICE.asBareJID(), NodeConfig.defaults(), T0).orElseThrow();
        }

        StoreView after = StoreView.of(target.nodeStore(), DELETED);
        assertThat(after).isEqualTo(StoreView.of(source.nodeStore(), DELETED));
        assertThat(after.nodes().get("gone").position().last()).isEqualTo(3); // two items and the deletion before
        List<Long> ids = target.nodeStore().nodeNames().stream()
                .map(name -> target.nodeStore().findNode(name).orElseThrow().id()).distinct().toList();
        assertThat(ids).hasSize(6);
    }

    @Test
    void progress_isToldTheTotalsFirst_thenEveryItemAndNode() throws Exception {
        JdbcStorage source = h2();
        SampleStore.fill(source.nodeStore());
        List<String> told = new ArrayList<>();
        BackupProgress progress = new BackupProgress() {
            @Override
            public void started(long nodes, long items) {
                told.add("started " + nodes + " " + items);
            }

            @Override
            public void item() {
                told.add("item");
            }

            @Override
            public void node(String name) {
                told.add("node " + name);
            }

            @Override
            public void finished(BackupSummary summary) {
                told.add("finished " + summary.items());
            }
        };

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        backup.export(source.dataSource(), out, progress);
        List<String> exporting = List.copyOf(told);
        told.clear();
        backup.importFrom(new java.io.ByteArrayInputStream(out.toByteArray()), "the export",
                h2().dataSource(), ImportMode.INTO_EMPTY, progress);

        assertThat(exporting).first().isEqualTo("started 3 5");
        assertThat(exporting).filteredOn("item"::equals).hasSize(5);
        assertThat(exporting).filteredOn(line -> line.startsWith("node ")).hasSize(3);
        assertThat(exporting).last().isEqualTo("finished 5");
        assertThat(told).isEqualTo(exporting);
    }
}
