package org.pubsubserver.core.backup;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * One read-only transaction that sees the whole store as it was at one moment, while the server keeps writing.
 *
 * <p>PostgreSQL: REPEATABLE READ takes its snapshot at the transaction's first statement and keeps it for every
 * table. H2 (MVStore): its REPEATABLE READ takes a snapshot of each table when the transaction first reads that
 * table, so a publish committed between the read of the nodes' counters and the read of the items would be half
 * in; its SNAPSHOT level takes one snapshot of all tables at the first statement, which is what an export needs
 * ({@code BackupSnapshotTest} shows a publish committed during an export is wholly out of it). Neither locks
 * anything: the server's writes go on.
 */
final class Snapshot implements AutoCloseable {
    /** H2's JDBC level for SNAPSHOT (org.h2.engine.Constants.TRANSACTION_SNAPSHOT). */
    private static final int H2_SNAPSHOT = 6;

    private final Connection connection;
    private final boolean autoCommit;
    private final int isolation;
    private final boolean readOnly;

    Snapshot(Connection connection) throws SQLException {
        this.connection = connection;
        this.autoCommit = connection.getAutoCommit();
        this.isolation = connection.getTransactionIsolation();
        this.readOnly = connection.isReadOnly();
        connection.setAutoCommit(false);
        connection.setTransactionIsolation(Databases.isH2(connection)
                ? H2_SNAPSHOT : Connection.TRANSACTION_REPEATABLE_READ);
        connection.setReadOnly(true);
    }

    Connection connection() {
        return connection;
    }

    /** Ends the transaction (it wrote nothing) and gives the connection back as it was. */
    @Override
    public void close() throws SQLException {
        try {
            connection.rollback();
        } finally {
            connection.setReadOnly(readOnly);
            connection.setTransactionIsolation(isolation);
            connection.setAutoCommit(autoCommit);
        }
    }
}
