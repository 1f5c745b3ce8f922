package org.pubsubserver.core.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.pubsubserver.core.store.NodeStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded H2 database behind a HikariCP pool, with the schema migrated at open.
 *
 * <p>Durability: H2 by default acknowledges a commit up to 500 ms before it reaches the file
 * (WRITE_DELAY). We set WRITE_DELAY=0 so that a commit is written to the file before the store call
 * returns, which is what lets an acknowledged publish survive {@code kill -9} of the process.
 */
public final class H2Storage implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(H2Storage.class);
    /**
     * WRITE_DELAY=0: see above. QUERY_CACHE_SIZE: each connection keeps this many parsed statements; a
     * publish alone runs a dozen distinct ones, and H2's default of 8 had them parsed again every time.
     */
    private static final String OPTIONS = ";WRITE_DELAY=0;QUERY_CACHE_SIZE=64;DB_CLOSE_ON_EXIT=FALSE";

    private final HikariDataSource dataSource;
    private final String description;
    private final JdbcNodeStore nodeStore;

    private H2Storage(String jdbcUrl, int poolSize, String description) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setUsername("sa");
        config.setPassword("");
        config.setMaximumPoolSize(poolSize);
        config.setPoolName("pubsub-store");
        this.dataSource = new HikariDataSource(config);
        this.description = description;
        this.nodeStore = new JdbcNodeStore(dataSource);
        try {
            migrate(dataSource);
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
    }

    /** Opens (creating if needed) the database file {@code pubsub.mv.db} in {@code dataDir}. */
    public static H2Storage openFile(Path dataDir, int poolSize) {
        Path base = dataDir.toAbsolutePath().normalize().resolve("pubsub");
        return new H2Storage("jdbc:h2:file:" + base + OPTIONS, poolSize, base + ".mv.db");
    }

    /** A private in-memory database, for tests; {@code name} must be unique per test. */
    public static H2Storage openInMemory(String name) {
        return new H2Storage("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1", 4, "in-memory database " + name);
    }

    private static void migrate(DataSource dataSource) {
        var result = Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .load()
                .migrate();
        if (result.migrationsExecuted > 0) {
            LOG.info("Store schema migrated to version {} ({} migration(s) applied)",
                    result.targetSchemaVersion, result.migrationsExecuted);
        }
    }

    /** The store on this database: one instance, so that its groups of writes are the lanes' own. */
    public NodeStore nodeStore() {
        return nodeStore;
    }

    /** Where the data lives, for logs. */
    public String description() {
        return description;
    }

    @Override
    public void close() {
        if (description.startsWith("in-memory")) {
            try (var connection = dataSource.getConnection(); var statement = connection.createStatement()) {
                statement.execute("SHUTDOWN");
            } catch (java.sql.SQLException e) {
                LOG.debug("in-memory shutdown", e);
            }
        }
        dataSource.close();
    }
}
