package org.pubsubserver.core.store.jdbc;

/**
 * What the store's SQL says differently on each database it runs on, and whether the database is shared by
 * several instances of the server. Everything else is the SQL both understand.
 */
enum SqlDialect {
    /**
     * H2, embedded: one instance owns the file. The lanes serialize the work on a node, so rows need no locks and
     * what the store caches can only be changed through this instance.
     */
    H2("classpath:db/migration", false,
            "MERGE INTO pubsub_affiliation (node_id, jid, affiliation) KEY (node_id, jid) VALUES (?, ?, ?)",
            "MERGE INTO pubsub_node_retired (name, last_seq) KEY (name)"
                    + " SELECT n.name, s.last_seq FROM pubsub_node n JOIN pubsub_node_state s ON s.node_id = n.id"
                    + " WHERE n.id = ?",
            "MERGE INTO pubsub_node_redirect (name, uri) KEY (name) VALUES (?, ?)",
            "INSERT INTO pubsub_node (name, creator, created, config) VALUES (?, ?, ?, ?)",
            ""),

    /**
     * PostgreSQL, shared by every instance of one service: a node's counters are locked by the write that takes
     * its next sequence numbers (instances publishing to one node serialize there), inserts that two instances
     * may race resolve in the database, and cached values are checked against the node's version.
     */
    POSTGRESQL("classpath:db/postgresql", true,
            "INSERT INTO pubsub_affiliation (node_id, jid, affiliation) VALUES (?, ?, ?)"
                    + " ON CONFLICT (node_id, jid) DO UPDATE SET affiliation = EXCLUDED.affiliation",
            "INSERT INTO pubsub_node_retired (name, last_seq)"
                    + " SELECT n.name, s.last_seq FROM pubsub_node n JOIN pubsub_node_state s ON s.node_id = n.id"
                    + " WHERE n.id = ? ON CONFLICT (name) DO UPDATE SET last_seq = EXCLUDED.last_seq",
            "INSERT INTO pubsub_node_redirect (name, uri) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET uri = EXCLUDED.uri",
            "INSERT INTO pubsub_node (name, creator, created, config) VALUES (?, ?, ?, ?) ON CONFLICT (name) DO NOTHING",
            " FOR UPDATE");

    /** Where this database's schema migrations are (each database has its own, with the same version numbers). */
    final String migrations;
    /** Whether other instances write to the same database. */
    final boolean shared;
    /** Sets (node_id, jid, affiliation), inserting or replacing. */
    final String upsertAffiliation;
    /** Remembers where the sequence of the node (id) stood, by its name. */
    final String retireNode;
    /** Sets (name, uri) of a deleted node's redirect. */
    final String upsertRedirect;
    /** Inserts (name, creator, created, config); where a node of that name exists, inserts nothing. */
    final String insertNode;
    /** Appended to the select of the counters a write changes. */
    final String lockForWrite;

    SqlDialect(String migrations, boolean shared, String upsertAffiliation, String retireNode, String upsertRedirect,
               String insertNode, String lockForWrite) {
        this.migrations = migrations;
        this.shared = shared;
        this.upsertAffiliation = upsertAffiliation;
        this.retireNode = retireNode;
        this.upsertRedirect = upsertRedirect;
        this.insertNode = insertNode;
        this.lockForWrite = lockForWrite;
    }

    /** The dialect of a JDBC URL. */
    static SqlDialect of(String jdbcUrl) {
        if (jdbcUrl.startsWith("jdbc:h2:")) {
            return H2;
        }
        if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            return POSTGRESQL;
        }
        throw new IllegalArgumentException("storage.url must start with jdbc:postgresql: or jdbc:h2: (got "
                + jdbcUrl.substring(0, Math.min(jdbcUrl.length(), 40)) + ")");
    }
}
