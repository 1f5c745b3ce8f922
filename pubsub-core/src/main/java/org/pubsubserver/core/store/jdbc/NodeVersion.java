package org.pubsubserver.core.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.pubsubserver.core.model.Node;

/**
 * A node's version where several instances share the store: raised, in the writing transaction, by every change of
 * what the store caches about the node (its configuration, its subscriptions); an instance uses a cached value only
 * while the node's version is the one it was read at. A store of one instance has no versions (always 0): its own
 * writes invalidate its caches.
 */
final class NodeVersion {
    private NodeVersion() {
    }

    static void raise(Connection connection, SqlDialect dialect, Node node) throws SQLException {
        if (!dialect.shared) {
            return;
        }
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE pubsub_node SET version = version + 1 WHERE id = ?")) {
            update.setLong(1, node.id());
            update.executeUpdate();
        }
    }

    /** The node's version now; -1 when the node no longer exists. */
    static long read(Connection connection, SqlDialect dialect, Node node) throws SQLException {
        return read(connection, dialect, node.id());
    }

    /** The versions now of the nodes with these ids that still exist, by id (shared stores only). */
    static Map<Long, Long> readAll(Connection connection, Collection<Long> nodeIds) throws SQLException {
        Map<Long, Long> versions = new HashMap<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT id, version FROM pubsub_node WHERE id = ANY(?)")) {
            select.setArray(1, connection.createArrayOf("bigint", nodeIds.toArray()));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    versions.put(rows.getLong(1), rows.getLong(2));
                }
            }
        }
        return versions;
    }

    static long read(Connection connection, SqlDialect dialect, long nodeId) throws SQLException {
        if (!dialect.shared) {
            return 0;
        }
        try (PreparedStatement select = connection.prepareStatement("SELECT version FROM pubsub_node WHERE id = ?")) {
            select.setLong(1, nodeId);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? rows.getLong(1) : -1;
            }
        }
    }
}
