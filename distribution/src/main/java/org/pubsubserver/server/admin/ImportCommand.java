package org.pubsubserver.server.admin;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import org.pubsubserver.core.backup.BackupException;
import org.pubsubserver.core.backup.BackupSummary;
import org.pubsubserver.core.backup.ImportMode;
import org.pubsubserver.core.backup.StoreBackup;
import org.pubsubserver.server.PubSubServer;
import org.pubsubserver.server.config.ServerConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code pubsub-admin import FILE [--merge]}: restores an export into the configured store, in one transaction (all
 * or nothing). The server must be stopped: an import writes the store directly, past the running server's caches.
 */
@Command(name = "import", description = "Imports an export into the configured store (all or nothing), which must be"
        + " empty unless --merge; stop the server first.")
final class ImportCommand implements Callable<Integer> {
    @ParentCommand
    private AdminMain admin;

    @Parameters(paramLabel = "FILE", description = "An export (.gz or not).")
    private Path file;

    @Option(names = "--merge", description = "Add the export's nodes beside the store's (a name on both sides refuses"
            + " the whole import).")
    private boolean merge;

    @Override
    public Integer call() throws Exception {
        ServerConfig config = admin.config();
        admin.refuseWhileRunning(config, "import");
        BackupSummary summary;
        try (OfflineStore store = AdminMain.openStore(config); TerminalProgress progress = new TerminalProgress("Import")) {
            admin.mayChange(store, config, "import");
            summary = new StoreBackup(Clock.systemUTC(), PubSubServer.version()).importFrom(file,
                    store.storage().dataSource(), merge ? ImportMode.MERGE : ImportMode.INTO_EMPTY, progress);
        } catch (BackupException e) {
            throw new AdminFailure(AdminFailure.BAD_INPUT, e.getMessage(), e);
        }
        admin.out().println("Imported " + summary + " from " + file);
        admin.out().flush();
        return 0;
    }
}
