package org.pubsubserver.server.admin;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import org.pubsubserver.core.backup.BackupException;
import org.pubsubserver.core.backup.BackupSummary;
import org.pubsubserver.core.backup.ImportMode;
import org.pubsubserver.core.backup.StoreBackup;
import org.pubsubserver.core.store.StoreOpenException;
import org.pubsubserver.core.store.jdbc.JdbcStorage;
import org.pubsubserver.core.store.jdbc.StorageSettings;
import org.pubsubserver.server.PubSubServer;
import org.pubsubserver.server.config.ServerConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code pubsub-admin copy-store --to URL}: copies the configured store into another database, H2 to PostgreSQL for
 * several instances, or back: a snapshot of the source read straight into one transaction on the target (its schema
 * made first), no file between. The target must be empty unless {@code --merge}. The server must be stopped.
 */
@Command(name = "copy-store", description = "Copies the configured store to another database: a PostgreSQL JDBC URL,"
        + " or a folder for an H2 file (pubsub.mv.db). Then set storage.url (or storage.data-dir) to it. Stop the"
        + " server first.")
final class CopyStoreCommand implements Callable<Integer> {
    @ParentCommand
    private AdminMain admin;

    @Option(names = "--to", paramLabel = "URL", required = true,
            description = "jdbc:postgresql://HOST:PORT/DB, or a folder for the H2 file.")
    private String to;

    @Option(names = "--to-user", paramLabel = "USER", defaultValue = "", description = "The target database's user.")
    private String user;

    @Option(names = "--to-password", paramLabel = "PASSWORD", defaultValue = "",
            description = "Its password (or PUBSUB_COPY_PASSWORD in the environment).")
    private String password;

    @Option(names = "--merge", description = "Add the nodes beside the target's (a name on both sides refuses all).")
    private boolean merge;

    @Override
    public Integer call() throws Exception {
        ServerConfig config = admin.config();
        admin.refuseWhileRunning(config, "copy-store");
        String secret = password.isEmpty() ? System.getenv().getOrDefault("PUBSUB_COPY_PASSWORD", "") : password;
        StorageSettings target = to.startsWith("jdbc:") ? new StorageSettings(to, user, secret, 2, false)
                : StorageSettings.h2File(Path.of(to).toAbsolutePath(), 2, false);
        // an H2 file this command makes is removed again when the copy is refused or fails
        Path madeHere = to.startsWith("jdbc:") ? null : Path.of(to).toAbsolutePath().resolve("pubsub.mv.db");
        boolean existed = madeHere == null || Files.exists(madeHere);
        BackupSummary summary;
        try (OfflineStore source = AdminMain.openStore(config); JdbcStorage into = open(target);
             TerminalProgress progress = new TerminalProgress("Copy")) {
            summary = new StoreBackup(Clock.systemUTC(), PubSubServer.version()).copy(source.storage().dataSource(),
                    into.dataSource(), merge ? ImportMode.MERGE : ImportMode.INTO_EMPTY, progress);
        } catch (BackupException | AdminFailure e) {
            if (!existed) {
                Files.deleteIfExists(madeHere);
                Files.deleteIfExists(madeHere.resolveSibling("pubsub.trace.db"));
            }
            throw e instanceof AdminFailure failure ? failure : new AdminFailure(AdminFailure.BAD_INPUT, e.getMessage(), e);
        }
        admin.out().println("Copied " + summary + " to " + to);
        admin.out().flush();
        return 0;
    }

    private static JdbcStorage open(StorageSettings target) {
        try {
            return JdbcStorage.open(target);
        } catch (StoreOpenException e) {
            throw new AdminFailure(AdminFailure.UNREACHABLE, "the target store cannot be opened: " + e.getMessage(), e);
        }
    }
}
