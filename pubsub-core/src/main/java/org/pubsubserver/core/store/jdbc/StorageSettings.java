package org.pubsubserver.core.store.jdbc;

import java.nio.file.Path;

/**
 * Where the store is and how to reach it: a JDBC URL ({@code jdbc:h2:...} for the embedded file of one instance,
 * {@code jdbc:postgresql://...} for the database several instances share), its user and password, the pool's size,
 * and for H2 whether each commit is forced to disk ({@code sync}; PostgreSQL always commits synchronously).
 */
public record StorageSettings(String url, String user, String password, int poolSize, boolean sync) {

    /**
     * H2 by default acknowledges a commit up to 500 ms before it reaches the file (WRITE_DELAY). WRITE_DELAY=0 has a
     * commit written to the file before the store call returns, which is what lets an acknowledged publish survive
     * {@code kill -9} of the process. QUERY_CACHE_SIZE: each connection keeps this many parsed statements; a
     * publish alone runs a dozen distinct ones, and H2's default of 8 had them parsed again every time.
     */
    static final String H2_OPTIONS = ";WRITE_DELAY=0;QUERY_CACHE_SIZE=64;DB_CLOSE_ON_EXIT=FALSE";

    public StorageSettings {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("storage url is empty");
        }
        if (poolSize < 1) {
            throw new IllegalArgumentException("pool size must be positive");
        }
        user = user == null ? "" : user;
        password = password == null ? "" : password;
    }

    /** The embedded H2 database file {@code pubsub.mv.db} in {@code dataDir}, created when missing. */
    public static StorageSettings h2File(Path dataDir, int poolSize, boolean sync) {
        Path base = dataDir.toAbsolutePath().normalize().resolve("pubsub");
        return new StorageSettings("jdbc:h2:file:" + base + H2_OPTIONS, "sa", "", poolSize, sync);
    }

    /** Whether the URL names PostgreSQL (a store shared by several instances). */
    public boolean postgresql() {
        return SqlDialect.of(url) == SqlDialect.POSTGRESQL;
    }
}
