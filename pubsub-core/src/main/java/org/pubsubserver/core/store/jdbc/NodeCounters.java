package org.pubsubserver.core.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.pubsubserver.core.model.Removal;

/**
 * A node's row in {@code pubsub_node_state} (V8): the last place taken in its sequence, the place of its
 * latest told removal of items (V6), the newest place of an item removed untold (V10), and how many items it
 * holds. Read once, changed in memory, written once per store call.
 */
final class NodeCounters {
    long lastSeq;
    long removedSeq;
    long lostSeq;
    int itemCount;
    private final long nodeId;

    private static final String UPDATE = "UPDATE pubsub_node_state"
            + " SET last_seq = ?, removed_seq = ?, lost_seq = ?, item_count = ? WHERE node_id = ?";

    private NodeCounters(long nodeId, long lastSeq, long removedSeq, long lostSeq, int itemCount) {
        this.nodeId = nodeId;
        this.lastSeq = lastSeq;
        this.removedSeq = removedSeq;
        this.lostSeq = lostSeq;
        this.itemCount = itemCount;
    }

    /** The first row of a node whose sequence starts after {@code start}. */
    static void create(Connection connection, long nodeId, long start) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO pubsub_node_state"
                + " (node_id, last_seq, removed_seq, lost_seq, item_count) VALUES (?, ?, ?, 0, 0)")) {
            insert.setLong(1, nodeId);
            insert.setLong(2, start);
            insert.setLong(3, start);
            insert.executeUpdate();
        }
    }

    /** The node's counters; all zero when it has none (it was deleted meanwhile). */
    static NodeCounters read(Connection connection, long nodeId) throws SQLException {
        return select(connection, nodeId, "");
    }

    /**
     * The node's counters, for a write that changes them: where other instances share the database, the row is
     * locked until the transaction ends, so that writers to one node take its sequence numbers one after another.
     */
    static NodeCounters lock(Connection connection, long nodeId, SqlDialect dialect) throws SQLException {
        return select(connection, nodeId, dialect.lockForWrite);
    }

    private static NodeCounters select(Connection connection, long nodeId, String lock) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT last_seq, removed_seq, lost_seq, item_count FROM pubsub_node_state WHERE node_id = ?" + lock)) {
            select.setLong(1, nodeId);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next()
                        ? new NodeCounters(nodeId, rows.getLong(1), rows.getLong(2), rows.getLong(3), rows.getInt(4))
                        : new NodeCounters(nodeId, 0, 0, 0, 0);
            }
        }
    }

    /**
     * A removal of items other than by publishing them again, whose newest item had the place {@code newestRemoved}.
     * A told one takes the next place in the sequence (its event's id); an untold one takes none, and is remembered
     * by the newest place of an item it took.
     */
    void markRemoved(Removal removal, long newestRemoved) {
        if (removal == Removal.TOLD) {
            removedSeq = ++lastSeq;
        } else {
            lostSeq = Math.max(lostSeq, newestRemoved);
        }
    }

    void write(Connection connection) throws SQLException {
        writeAll(connection, List.of(this));
    }

    /** Writes these nodes' counters, in one JDBC batch; fails if a node's row is gone (the node was deleted). */
    static void writeAll(Connection connection, List<NodeCounters> all) throws SQLException {
        if (all.isEmpty()) {
            return;
        }
        try (PreparedStatement update = connection.prepareStatement(UPDATE)) {
            for (NodeCounters counters : all) {
                update.setLong(1, counters.lastSeq);
                update.setLong(2, counters.removedSeq);
                update.setLong(3, counters.lostSeq);
                update.setInt(4, counters.itemCount);
                update.setLong(5, counters.nodeId);
                update.addBatch();
            }
            int[] updated = update.executeBatch();
            for (int i = 0; i < updated.length; i++) {
                if (updated[i] == 0) {
                    throw new SQLException("node " + all.get(i).nodeId + " no longer exists");
                }
            }
        }
    }
}
