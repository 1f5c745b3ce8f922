package org.pubsubserver.core.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.pubsubserver.core.cluster.EventTransport;
import org.pubsubserver.core.cluster.SharedPresence;
import org.pubsubserver.core.cluster.StanzaRelay;
import org.pubsubserver.core.cluster.WorkClaims;
import org.pubsubserver.core.store.NodeStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store's database behind a HikariCP pool, with the schema migrated at open: the embedded H2 file of one
 * instance, or the PostgreSQL database that several instances share (see {@link SqlDialect}).
 *
 * <p>Durability: on H2 a commit is written to the file before the store call returns (see
 * {@link StorageSettings#H2_OPTIONS}), and with {@code sync} also forced to disk; on PostgreSQL every connection
 * commits with {@code synchronous_commit} on, whatever the server's default, so an acknowledged publish survives a
 * power loss.
 */
public final class JdbcStorage implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcStorage.class);

    private final HikariDataSource dataSource;
    private final SqlDialect dialect;
    private final String description;
    private final JdbcNodeStore nodeStore;
    private final boolean inMemory;
    /** Where instances share the store: how they learn of each other's events, and claim work done once. */
    private final EventTransport eventTransport;
    /** The one listening connection of this instance, shared by what listens (null on a store of one instance). */
    private final PostgresListener listener;
    private final PostgresSharedPresence sharedPresence;
    private final PostgresStanzaRelay stanzaRelay;
    private final WorkClaims workClaims;

    private JdbcStorage(StorageSettings settings, String description, boolean inMemory) {
        this.dialect = SqlDialect.of(settings.url());
        this.description = description;
        this.inMemory = inMemory;
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(settings.url());
        config.setUsername(settings.user());
        config.setPassword(settings.password());
        config.setMaximumPoolSize(settings.poolSize());
        config.setPoolName("pubsub-store");
        if (dialect == SqlDialect.POSTGRESQL) {
            config.setConnectionInitSql("SET synchronous_commit = on");
            // a batch of inserts (a group's items and archive rows) as multi-row statements: one execution each
            config.addDataSourceProperty("reWriteBatchedInserts", "true");
        }
        try {
            this.dataSource = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw StoreOpenFailures.describe(e, settings, description);
        }
        try {
            migrate(dataSource, dialect, settings, description);
            this.nodeStore = new JdbcNodeStore(dataSource, dialect, settings.sync() && dialect == SqlDialect.H2);
            if (dialect.shared) {
                DatabaseNames names = DatabaseNames.of(dataSource);
                boolean firstInstance = !anotherInstanceListens(dataSource, names);
                this.listener = new PostgresListener(settings, names);
                this.eventTransport = new PostgresEventTransport(nodeStore.transactions(), listener, names);
                this.sharedPresence = new PostgresSharedPresence(dataSource, listener, names, firstInstance);
                String instance = InstanceName.ofThisProcess();
                this.stanzaRelay = new PostgresStanzaRelay(dataSource, listener, names, instance);
                this.workClaims = new PostgresWorkClaims(nodeStore.transactions(), instance);
            } else {
                this.listener = null;
                this.eventTransport = null;
                this.sharedPresence = null;
                this.stanzaRelay = null;
                this.workClaims = WorkClaims.ALONE;
            }
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
    }

    /** Opens the store of {@code settings}, migrating its schema; throws a {@code StoreOpenException} saying what to fix. */
    public static JdbcStorage open(StorageSettings settings) {
        return new JdbcStorage(settings, describe(settings), false);
    }

    /** The embedded H2 file {@code pubsub.mv.db} in {@code dataDir} (created when missing), committed without sync. */
    public static JdbcStorage openFile(Path dataDir, int poolSize) {
        return open(StorageSettings.h2File(dataDir, poolSize, false));
    }

    /** A private in-memory H2 database, for tests; {@code name} must be unique per test. */
    public static JdbcStorage openInMemory(String name) {
        return new JdbcStorage(new StorageSettings("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1", "sa", "", 4, false),
                "in-memory database " + name, true);
    }

    private static String describe(StorageSettings settings) {
        String url = settings.url();
        if (url.startsWith("jdbc:h2:file:")) {
            String path = url.substring("jdbc:h2:file:".length());
            int options = path.indexOf(';');
            return "H2 file " + (options < 0 ? path : path.substring(0, options)) + ".mv.db";
        }
        int query = url.indexOf('?');
        return (settings.postgresql() ? "PostgreSQL " : "") + (query < 0 ? url : url.substring(0, query))
                + (settings.user().isEmpty() ? "" : " as " + settings.user());
    }

    private static void migrate(DataSource dataSource, SqlDialect dialect, StorageSettings settings, String description) {
        Flyway flyway = Flyway.configure()
                .dataSource(dataSource)
                .locations(dialect.migrations)
                // Flyway's default lets a schema migrated by a newer version pass; this server refuses to run on one
                .ignoreMigrationPatterns(new String[0])
                .load();
        try {
            // on PostgreSQL, Flyway holds an advisory lock while it migrates: instances starting together migrate once
            var result = flyway.migrate();
            if (result.migrationsExecuted > 0) {
                LOG.info("Store schema migrated to version {} ({} migration(s) applied)",
                        result.targetSchemaVersion, result.migrationsExecuted);
            }
        } catch (RuntimeException e) {
            throw StoreOpenFailures.describeMigration(e, flyway, settings, description);
        }
    }

    /** The store on this database: one instance, so that its groups of writes are the lanes' own. */
    public NodeStore nodeStore() {
        return nodeStore;
    }

    /** The pool, for what shares the store's database (the events between instances) and for tests. */
    public DataSource dataSource() {
        return dataSource;
    }

    /**
     * How the instances sharing this store learn of each other's committed events; empty on a store of one
     * instance (H2), where the engine's own events are all there is. Not started: see {@link EventTransport#start}.
     */
    public Optional<EventTransport> eventTransport() {
        return Optional.ofNullable(eventTransport);
    }

    /** Presence the instances sharing this store share; nothing to share on a store of one instance. Not started. */
    public SharedPresence sharedPresence() {
        return sharedPresence == null ? SharedPresence.ALONE : sharedPresence;
    }

    /** Relays stanzas to the other instances sharing this store; nothing to relay on a store of one instance. Not started. */
    public StanzaRelay stanzaRelay() {
        return stanzaRelay == null ? StanzaRelay.ALONE : stanzaRelay;
    }

    /**
     * The key named {@code name} that every instance sharing this store uses alike: the one stored, or
     * {@code proposed} stored now where none is yet. On a store of one instance, {@code proposed} itself.
     */
    public byte[] serviceKey(String name, byte[] proposed) {
        return dialect.shared ? new ServiceKeys(dataSource).agree(name, proposed) : proposed;
    }

    /** Whether another instance of the service listens on this database now (before this one does). */
    private static boolean anotherInstanceListens(DataSource dataSource, DatabaseNames names) {
        try (var connection = dataSource.getConnection(); var statement = connection.createStatement();
             var rows = statement.executeQuery("SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database()"
                     + " AND application_name = '" + names.listenerApplication() + "'")) {
            rows.next();
            return rows.getInt(1) > 0;
        } catch (SQLException e) {
            LOG.debug("Could not tell whether other instances run; assuming they do", e);
            return true;
        }
    }

    /** Claims of work done by one instance for all; on a store of one instance, it holds them all. */
    public WorkClaims workClaims() {
        return workClaims;
    }

    /** Whether other instances share this store (PostgreSQL). */
    public boolean shared() {
        return dialect.shared;
    }

    /** Where the data lives, for logs (never with the password). */
    public String description() {
        return description;
    }

    @Override
    public void close() {
        if (sharedPresence != null) {
            sharedPresence.close();
        }
        if (stanzaRelay != null) {
            stanzaRelay.close();
        }
        if (listener != null) {
            listener.close();
        }
        if (inMemory) {
            try (var connection = dataSource.getConnection(); var statement = connection.createStatement()) {
                statement.execute("SHUTDOWN");
            } catch (SQLException e) {
                LOG.debug("in-memory shutdown", e);
            }
        }
        dataSource.close();
    }
}
