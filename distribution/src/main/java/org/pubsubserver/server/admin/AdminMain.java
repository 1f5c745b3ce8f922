package org.pubsubserver.server.admin;

import ch.qos.logback.classic.Level;
import com.typesafe.config.ConfigException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import org.pubsubserver.core.store.StoreOpenException;
import org.pubsubserver.server.Main;
import org.pubsubserver.server.config.ConfigLoader;
import org.pubsubserver.server.config.ServerConfig;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bin/pubsub-admin}: the operator's command, reading the server's configuration file. The node commands go
 * through the running server's admin listener when it answers (so its caches, streams and subscribers see them),
 * else they open the store themselves (the server stopped). Exit status: 0 done, 1 bad input (nothing changed),
 * 2 configuration, 3 server or store unreachable.
 */
@Command(name = "pubsub-admin", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Administers a pubsub-server: its nodes, backups, and moving its store.",
        subcommands = {NodesCommand.class, NodeCommand.class, DeleteItemsCommand.class, DeleteNodeCommand.class,
                ExportCommand.class, ImportCommand.class, CopyStoreCommand.class})
public final class AdminMain implements Runnable {
    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "The server's configuration file (default: conf/pubsub.conf of the distribution).")
    private Path configFile;

    @Option(names = "--url", paramLabel = "URL",
            description = "The running server's admin listener (default: from admin.bind and admin.port).")
    private URI url;

    @Option(names = "--offline", description = "Change a store that instances share (PostgreSQL) directly, though"
            + " no instance answered: for when every instance is stopped (running ones would not be told).")
    private boolean offline;

    @Spec
    private CommandSpec spec;

    public static void main(String[] args) {
        // the operator reads the command's answer; the store's and the pool's start-up lines are noise here
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
        System.exit(commandLine().execute(args));
    }

    /** The command line, with failures printed as one sentence and their exit status. */
    static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new AdminMain());
        commandLine.setExecutionExceptionHandler((failure, line, parsed) -> {
            PrintWriter err = line.getErr();
            if (failure instanceof AdminFailure refusal) {
                err.println("pubsub-admin: " + refusal.getMessage());
                err.flush();
                return refusal.exitCode();
            }
            err.println("pubsub-admin: failed: " + failure);
            failure.printStackTrace(err);
            err.flush();
            return AdminFailure.UNREACHABLE;
        });
        return commandLine;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The server's configuration, as the server reads it (file, PUBSUB_* environment, defaults). */
    ServerConfig config() {
        Path home = ConfigLoader.homeFolder();
        try {
            return new ConfigLoader(System.getenv(), home)
                    .load(configFile != null ? configFile : ConfigLoader.defaultConfigFile(home));
        } catch (ConfigException e) {
            throw new AdminFailure(AdminFailure.CONFIG, "the configuration is not valid: " + e.getMessage(), e);
        }
    }

    /** The running server named by --url or the configuration, if it answers; null when none does. */
    RunningServer runningServer(ServerConfig config) {
        if (url != null) {
            RunningServer named = new RunningServer(url, config.admin().token());
            if (!named.answers()) {
                throw new AdminFailure(AdminFailure.UNREACHABLE, "no server answers at " + url);
            }
            return named;
        }
        return RunningServer.configured(config.admin()).filter(RunningServer::answers).orElse(null);
    }

    /** The node operations: through the running server, else on the store itself. */
    NodeOperations nodeOperations() {
        ServerConfig config = config();
        RunningServer server = runningServer(config);
        if (server != null) {
            return new RemoteNodeOperations(server);
        }
        OfflineStore store = openStore(config);
        return new LocalNodeOperations(store, Clock.systemUTC(), () -> mayChange(store, config, "this command"));
    }

    /**
     * Refuses {@code command} while the configured server answers on its admin listener: it writes the store
     * directly, past the server's caches and streams.
     */
    void refuseWhileRunning(ServerConfig config, String command) {
        RunningServer.configured(config.admin()).filter(RunningServer::answers).ifPresent(server -> {
            throw new AdminFailure(AdminFailure.BAD_INPUT, command + " writes the store directly: stop the server"
                    + " first (it answers at " + server.base() + "); nothing was changed");
        });
    }

    /**
     * Refuses to change {@code store} directly where instances share it (PostgreSQL) and none answered: a running
     * one elsewhere would not be told (its caches, streams, subscribers); unless {@code --offline}.
     */
    void mayChange(OfflineStore store, ServerConfig config, String command) {
        if (store.shared() && !offline) {
            String where = RunningServer.configured(config.admin()).map(server -> " at " + server.base()).orElse("");
            throw new AdminFailure(AdminFailure.BAD_INPUT, "instances share this store (PostgreSQL) and none answered"
                    + where + ": " + command + " would go past the running ones. Run it against one with --url"
                    + " http://HOST:PORT, or, with every instance stopped, add --offline; nothing was changed");
        }
    }

    /** The configured store, opened by this command. */
    static OfflineStore openStore(ServerConfig config) {
        try {
            return new OfflineStore(config);
        } catch (StoreOpenException e) {
            throw new AdminFailure(AdminFailure.UNREACHABLE, "no server answered on its admin listener, and the store"
                    + " cannot be opened: " + e.getMessage() + " (a running server with admin.port = 0 holds an H2"
                    + " store: turn its admin listener on, or stop it)", e);
        }
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }
}
