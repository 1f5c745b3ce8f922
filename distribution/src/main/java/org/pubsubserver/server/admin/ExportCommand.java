package org.pubsubserver.server.admin;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.pubsubserver.core.backup.BackupException;
import org.pubsubserver.core.backup.BackupSummary;
import org.pubsubserver.core.backup.ExportFile;
import org.pubsubserver.core.backup.StoreBackup;
import org.pubsubserver.server.PubSubServer;
import org.pubsubserver.server.config.ServerConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code pubsub-admin export --out FILE}: the whole store in the export format (docs/EXPORT-FORMAT.md), from one
 * snapshot: from the running server (its admin listener reads the snapshot while it goes on serving) or, with none
 * running, from the store itself. Gzip-compressed when FILE ends in {@code .gz}. FILE appears whole or not at all.
 */
@Command(name = "export", description = "Exports every node with its configuration, affiliations, subscriptions and"
        + " items to FILE (.gz: compressed), from one consistent snapshot; safe while the server runs.")
final class ExportCommand implements Callable<Integer> {
    @ParentCommand
    private AdminMain admin;

    @Option(names = {"-o", "--out"}, paramLabel = "FILE", required = true, description = "Where the export goes.")
    private Path out;

    @Override
    public Integer call() throws Exception {
        ServerConfig config = admin.config();
        RunningServer server = admin.runningServer(config);
        if (server != null) {
            long bytes = fetch(server);
            admin.out().println("Exported the store of " + server.base() + " to " + out + " (" + bytes + " bytes)");
        } else {
            BackupSummary summary;
            try (OfflineStore store = AdminMain.openStore(config); TerminalProgress progress = new TerminalProgress("Export")) {
                summary = new StoreBackup(Clock.systemUTC(), PubSubServer.version())
                        .export(store.storage().dataSource(), out, progress);
            } catch (BackupException e) {
                throw new AdminFailure(AdminFailure.BAD_INPUT, e.getMessage(), e);
            }
            admin.out().println("Exported " + summary + " to " + out);
        }
        admin.out().flush();
        return 0;
    }

    /** Streams the running server's export into {@link #out} ({@link ExportFile}); returns its size. */
    private long fetch(RunningServer server) throws Exception {
        StringBuilder refusal = new StringBuilder();
        Optional<InputStream> body = server.stream("/export", refusal);
        if (body.isEmpty()) {
            throw new AdminFailure(AdminFailure.UNREACHABLE, "the server did not export: " + refusal);
        }
        try (InputStream in = body.get(); TerminalProgress progress = new TerminalProgress("Export")) {
            return ExportFile.write(out, file -> {
                long total = 0;
                byte[] buffer = new byte[1 << 16];
                int read;
                while ((read = in.read(buffer)) >= 0) {
                    file.write(buffer, 0, read);
                    total += read;
                    progress.bytes(read);
                }
                return total;
            });
        } catch (IOException e) {
            throw new AdminFailure(AdminFailure.UNREACHABLE, "the export was cut off (" + e.getMessage()
                    + "); nothing was written to " + out + ": see the server's log, then export again", e);
        }
    }
}
