package org.pubsubserver.core.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pubsubserver.core.model.Node;
import org.pubsubserver.core.store.NodeStore;
import org.pubsubserver.core.store.jdbc.JdbcStorage;
import org.pubsubserver.core.store.jdbc.StorageSettings;

/**
 * An export of 100,000 items in 100 nodes imported into an H2 file and exported again gives the same bytes; the
 * times are printed. Nothing holds the store in memory: with {@code -DargLine=-Xmx64m} it passes on a heap smaller
 * than the export.
 */
class BackupLargeStoreTest {
    private static final int NODES = 100;
    private static final int ITEMS_EACH = 1_000;
    private static final Instant EXPORTED = Instant.parse("2026-12-06T12:00:00Z");

    @TempDir
    Path dir;

    @Test
    void hundredThousandItems_importedAndExportedAgain_giveTheSameExport() throws IOException {
        Path original = dir.resolve("original.xml");
        try (Writer out = Files.newBufferedWriter(original, StandardCharsets.UTF_8)) {
            writeExport(new ExportWriter(out));
        }
        StoreBackup backup = new StoreBackup(Clock.fixed(EXPORTED, ZoneOffset.UTC), "test");
        Path again = dir.resolve("again.xml");
        try (JdbcStorage store = JdbcStorage.open(StorageSettings.h2File(dir.resolve("store"), 4, false))) {
            long start = System.nanoTime();
            BackupSummary imported = backup.importFrom(original, store.dataSource(), ImportMode.INTO_EMPTY,
                    BackupProgress.NONE);
            long importedAt = System.nanoTime();
            BackupSummary exported = backup.export(store.dataSource(), again, BackupProgress.NONE);
            long exportedAt = System.nanoTime();
            System.out.printf("%,d items (%,d KiB of export): import %d ms, export %d ms, max heap %d MiB%n",
                    imported.items(), Files.size(original) / 1024, (importedAt - start) / 1_000_000,
                    (exportedAt - importedAt) / 1_000_000, Runtime.getRuntime().maxMemory() / (1 << 20));

            assertThat(imported).isEqualTo(new BackupSummary(NODES, (long) NODES * ITEMS_EACH, 0, 0));
            assertThat(exported).isEqualTo(imported);
            NodeStore nodes = store.nodeStore();
            Node last = nodes.findNode("node-" + (NODES - 1)).orElseThrow();
            assertThat(nodes.itemCount(last)).isEqualTo(ITEMS_EACH);
            assertThat(nodes.streamPosition(last).last()).isEqualTo(ITEMS_EACH + 5);
        }
        assertThat(Files.mismatch(original, again)).isEqualTo(-1);
    }

    private static void writeExport(StoreSink out) {
        out.begin(new StoreSink.Header(1, "test", EXPORTED, NODES, (long) NODES * ITEMS_EACH));
        Map<String, String> config = new LinkedHashMap<>(Map.of("pubsub#max_items", "max"));
        for (int n = 0; n < NODES; n++) {
            out.node(new StoreSink.NodeRow("node-" + n, "alice@example.org", EXPORTED.minusSeconds(n), config,
                    ITEMS_EACH + 5, ITEMS_EACH + 5, 3, ITEMS_EACH));
            out.affiliation(new StoreSink.AffiliationRow("alice@example.org", "owner"));
            out.subscription(new StoreSink.SubscriptionRow("sub-" + n, "bob@example.org/phone", "subscribed",
                    Map.of("pubsub#expire", "2027-01-01T00:00:00Z")));
            for (int i = 1; i <= ITEMS_EACH; i++) {
                out.item(new StoreSink.ItemRow(i + 3, "item-" + i, "bob@example.org", EXPORTED.plusMillis(i),
                        "<entry xmlns='http://www.w3.org/2005/Atom'><title>Item " + i + "</title><content>"
                                + "x".repeat(100) + "</content></entry>"));
            }
            out.endNode();
        }
        out.end();
    }
}
