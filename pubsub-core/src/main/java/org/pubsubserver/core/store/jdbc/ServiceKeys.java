package org.pubsubserver.core.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Keys that every instance sharing the PostgreSQL store uses alike, in {@code pubsub_service_key}: the first instance
 * to ask for one stores the key it proposes; every instance, that one included, uses the stored key from then on.
 */
final class ServiceKeys {
    private final DataSource dataSource;

    ServiceKeys(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    byte[] agree(String name, byte[] proposed) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO pubsub_service_key (name, key_bytes)"
                    + " VALUES (?, ?) ON CONFLICT (name) DO NOTHING")) {
                insert.setString(1, name);
                insert.setBytes(2, proposed);
                insert.executeUpdate();
            }
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT key_bytes FROM pubsub_service_key WHERE name = ?")) {
                select.setString(1, name);
                try (ResultSet rows = select.executeQuery()) {
                    rows.next();
                    return rows.getBytes(1);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the service key " + name + " from the store: "
                    + e.getMessage(), e);
        }
    }
}
