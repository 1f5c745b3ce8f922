package org.pubsubserver.core.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.pubsubserver.core.backup.SampleStore.ALICE;
import static org.pubsubserver.core.backup.SampleStore.DELETED;
import static org.pubsubserver.core.backup.SampleStore.T0;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pubsubserver.core.model.NewItem;
import org.pubsubserver.core.model.NodeConfig;
import org.pubsubserver.core.model.Removal;
import org.pubsubserver.core.store.jdbc.JdbcStorage;

/** What an import refuses, and that a refused import changed nothing in the target store. */
class BackupRefusalTest {
    private final StoreBackup backup = new StoreBackup(Clock.fixed(Instant.parse("2026-12-06T12:00:00Z"),
            ZoneOffset.UTC), "1.2.3");
    private final List<JdbcStorage> opened = new ArrayList<>();
    private JdbcStorage source;
    private byte[] export;

    private JdbcStorage h2() {
        JdbcStorage storage = JdbcStorage.openInMemory("refusal-" + UUID.randomUUID());
        opened.add(storage);
        return storage;
    }

    @BeforeEach
    void exportASample() throws Exception {
        source = h2();
        SampleStore.fill(source.nodeStore());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        backup.export(source.dataSource(), out, BackupProgress.NONE);
        export = out.toByteArray();
    }

    @AfterEach
    void close() {
        opened.forEach(JdbcStorage::close);
    }

    private BackupSummary importInto(JdbcStorage target, byte[] bytes, ImportMode mode) {
        return backup.importFrom(new ByteArrayInputStream(bytes), "export.xml", target.dataSource(), mode,
                BackupProgress.NONE);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Test
    void targetWithNodes_isRefusedNamingThem_andKeepsWhatItHad() {
        JdbcStorage target = h2();
        target.nodeStore().createNode("mine", ALICE.asBareJID(), NodeConfig.defaults(), T0).orElseThrow();
        StoreView before = StoreView.of(target.nodeStore(), DELETED);

        assertThatThrownBy(() -> importInto(target, export, ImportMode.INTO_EMPTY))
                .isInstanceOf(BackupException.class)
                .hasMessage("The target store is not empty: it has 1 node(s) (mine). Nothing was imported. Import into"
                        + " a new, empty store, or merge the export's nodes into this one (pubsub-admin import --merge).");
        assertThat(StoreView.of(target.nodeStore(), DELETED)).isEqualTo(before);
    }

    @Test
    void merge_addsTheExportsNodesBesideTheTargets() {
        JdbcStorage target = h2();
        target.nodeStore().createNode("mine", ALICE.asBareJID(), NodeConfig.defaults(), T0).orElseThrow();

        importInto(target, export, ImportMode.MERGE);

        StoreView merged = StoreView.of(target.nodeStore(), DELETED);
        StoreView exported = StoreView.of(source.nodeStore(), DELETED);
        assertThat(merged.nodes()).containsOnlyKeys("mine", "news", "empty", "reborn");
        assertThat(merged.nodes()).containsAllEntriesOf(exported.nodes());
        assertThat(merged.redirects()).isEqualTo(exported.redirects());
    }

    @Test
    void mergeOfNodesTheTargetHasToo_isRefusedNamingEveryOne_andChangesNothing() {
        JdbcStorage target = h2();
        target.nodeStore().createNode("news", ALICE.asBareJID(), NodeConfig.defaults(), T0).orElseThrow();
        target.nodeStore().createNode("reborn", ALICE.asBareJID(), NodeConfig.defaults(), T0).orElseThrow();
        StoreView before = StoreView.of(target.nodeStore(), DELETED);

        assertThatThrownBy(() -> importInto(target, export, ImportMode.MERGE))
                .isInstanceOf(BackupException.class)
                .hasMessage("2 node(s) of the export exist in the target store already (news, reborn). Nothing was"
                        + " imported: nodes are never merged into each other. Delete them from the target store"
                        + " (pubsub-admin delete-node) or import into an empty store.");
        assertThat(StoreView.of(target.nodeStore(), DELETED)).isEqualTo(before);
        assertThat(target.nodeStore().nodeNames()).containsExactly("news", "reborn");
    }

    @Test
    void aNodeTheTargetDeletedBefore_isRefused_soNoSseIdIsHandedOutTwice() {
        JdbcStorage target = h2();
        var store = target.nodeStore();
        var news = store.createNode("news", ALICE.asBareJID(), NodeConfig.defaults(), T0).orElseThrow();
        store.appendItems(news, List.of(new org.pubsubserver.core.model.NewItem("x", "<x xmlns='urn:test'/>")),
                ALICE, T0, 10, org.pubsubserver.core.model.Removal.UNTOLD);
        store.deleteNode(news, null); // "news" retired at id 1 there
        StoreView before = StoreView.of(target.nodeStore(), DELETED);

        assertThatThrownBy(() -> importInto(target, export, ImportMode.INTO_EMPTY))
                .isInstanceOf(BackupException.class)
                .hasMessageStartingWith("1 node(s) of the export were deleted from the target store before (news)")
                .hasMessageContaining("Nothing was imported");
        assertThat(StoreView.of(target.nodeStore(), DELETED)).isEqualTo(before);
        assertThat(target.nodeStore().nodeNames()).isEmpty();
    }

    @Test
    void fileThatIsNotXml_isRefusedAsNotAnExport() {
        JdbcStorage target = h2();

        assertThatThrownBy(() -> importInto(target, "name,creator\nnews,alice\n".getBytes(StandardCharsets.UTF_8),
                ImportMode.INTO_EMPTY))
                .isInstanceOf(BackupException.class)
                .hasMessageStartingWith("export.xml is not an export of pubsub-server: it is not XML (")
                .hasMessageEndingWith("). Nothing was imported. Give the file written by 'pubsub-admin export'.");
        assertThat(target.nodeStore().nodeNames()).isEmpty();
    }

    @Test
    void xmlOfAnotherKind_isRefusedAsNotAnExport() {
        assertThatThrownBy(() -> importInto(h2(), "<pubsub xmlns='http://jabber.org/protocol/pubsub'/>"
                .getBytes(StandardCharsets.UTF_8), ImportMode.INTO_EMPTY))
                .isInstanceOf(BackupException.class)
                .hasMessage("export.xml is not an export of pubsub-server: its root element is <pubsub> in namespace"
                        + " 'http://jabber.org/protocol/pubsub', not <pubsub-export> in 'urn:pubsubserver:export:1'."
                        + " Nothing was imported. Give the file written by 'pubsub-admin export'.");
    }

    @Test
    void exportOfANewerFormatVersion_isRefusedSayingWhichVersionReadsIt() {
        byte[] newer = text(export).replace("format-version='1' software-version='1.2.3'",
                "format-version='2' software-version='3.0.0'").getBytes(StandardCharsets.UTF_8);
        JdbcStorage target = h2();

        assertThatThrownBy(() -> importInto(target, newer, ImportMode.INTO_EMPTY))
                .isInstanceOf(BackupException.class)
                .hasMessage("export.xml is an export of format version 2, written by pubsub-server 3.0.0; this version"
                        + " reads format 1 and older. Import it with pubsub-server 3.0.0 or newer. Nothing was imported.");
        assertThat(target.nodeStore().nodeNames()).isEmpty();
    }

    @Test
    void exportCutShort_isRefusedAsDamaged_andNothingOfItIsImported() {
        String xml = text(export);
        byte[] cut = xml.substring(0, xml.indexOf("<node name='reborn'")).getBytes(StandardCharsets.UTF_8);
        JdbcStorage target = h2();

        assertThatThrownBy(() -> importInto(target, cut, ImportMode.INTO_EMPTY))
                .isInstanceOf(BackupException.class)
                .hasMessageStartingWith("export.xml is damaged or cut short at line ")
                .hasMessageEndingWith("Nothing was imported. Export the store again, or restore the file from a good copy.");
        assertThat(target.nodeStore().nodeNames()).isEmpty();
        assertThat(target.nodeStore().redirectOf("moved")).isEmpty();
    }

    @Test
    void gzippedExportCutShort_isRefused_andNothingOfItIsImported() throws Exception {
        ByteArrayOutputStream zipped = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(zipped)) {
            gzip.write(export);
        }
        byte[] cut = Arrays.copyOf(zipped.toByteArray(), zipped.size() * 2 / 3);
        JdbcStorage target = h2();

        assertThatThrownBy(() -> importInto(target, cut, ImportMode.INTO_EMPTY))
                .isInstanceOf(BackupException.class)
                .hasMessageContaining("Nothing was imported.");
        assertThat(target.nodeStore().nodeNames()).isEmpty();
    }

    @Test
    void itemAfterItsNodesLastSeq_isRefusedAsDamaged() {
        byte[] edited = text(export).replace("<item seq='8'", "<item seq='80'").getBytes(StandardCharsets.UTF_8);
        JdbcStorage target = h2();

        assertThatThrownBy(() -> importInto(target, edited, ImportMode.INTO_EMPTY))
                .isInstanceOf(BackupException.class)
                .hasMessage("Item b of node news has seq 80, outside the node's sequence (1 to its last-seq 8): the"
                        + " export is damaged. Nothing was imported. Export the store again, or restore the file from"
                        + " a good copy.");
        assertThat(target.nodeStore().nodeNames()).isEmpty();
    }

    @Test
    void unknownElement_isRefusedAsDamaged_ratherThanLeftOut() {
        byte[] edited = text(export).replace("<affiliation ", "<colour value='red'/><affiliation ")
                .getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> importInto(h2(), edited, ImportMode.INTO_EMPTY))
                .isInstanceOf(BackupException.class)
                .hasMessageContaining("(<colour> is not expected there)");
    }

    @Test
    void copyIntoATargetWithNodes_isRefusedAsAnImportIs() {
        JdbcStorage target = h2();
        target.nodeStore().createNode("mine", ALICE.asBareJID(), NodeConfig.defaults(), T0).orElseThrow();

        assertThatThrownBy(() -> backup.copy(source.dataSource(), target.dataSource(), ImportMode.INTO_EMPTY,
                BackupProgress.NONE))
                .isInstanceOf(BackupException.class)
                .hasMessageStartingWith("The target store is not empty: it has 1 node(s) (mine).");
        assertThat(target.nodeStore().nodeNames()).containsExactly("mine");
    }

    @Test
    void missingFile_isRefusedSayingSo() {
        Path missing = Path.of("no-such-export.xml");

        assertThatThrownBy(() -> backup.importFrom(missing, h2().dataSource(), ImportMode.INTO_EMPTY,
                BackupProgress.NONE))
                .isInstanceOf(BackupException.class)
                .hasMessageStartingWith("Could not read no-such-export.xml: ")
                .hasMessageEndingWith(". Nothing was imported. Check the file's name and permissions.");
    }

    @Test
    void storeHoldingACharacterXmlCannotCarry_failsTheExportNamingTheNode_andLeavesNoFile(
            @TempDir Path dir) {
        JdbcStorage store = h2();
        var node = store.nodeStore().createNode("odd", ALICE.asBareJID(), NodeConfig.defaults(), T0).orElseThrow();
        store.nodeStore().appendItems(node, List.of(new NewItem("1", "<x>\u0001</x>")),
                ALICE, T0, 10, Removal.UNTOLD);

        assertThatThrownBy(() -> backup.export(store.dataSource(), dir.resolve("odd.xml"), BackupProgress.NONE))
                .isInstanceOf(BackupException.class)
                .hasMessage("The store holds a character XML cannot carry (U+0001) in node odd: the export cannot be"
                        + " written. Remove or republish what holds it, then export again.");
        assertThat(dir).isEmptyDirectory();
    }
}
