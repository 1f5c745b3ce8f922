package org.pubsubserver.core.store.jdbc;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import javax.sql.DataSource;

/**
 * Names that PostgreSQL keeps per database, not per schema (notification channels, the listening connection's
 * application name), made per store: services that share one database in schemas of their own
 * ({@code ?currentSchema=...}) must not hear each other's notifications, whose ids name rows of their own schema.
 * The {@code public} schema keeps the plain names; another schema adds a digest of its name (a channel name is at most
 * 63 bytes).
 */
record DatabaseNames(String suffix) {
    static DatabaseNames of(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT current_schema()")) {
            rows.next();
            return forSchema(rows.getString(1));
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the store's schema: " + e.getMessage(), e);
        }
    }

    static DatabaseNames forSchema(String schema) {
        if (schema == null || schema.equals("public")) {
            return new DatabaseNames("");
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(schema.getBytes(StandardCharsets.UTF_8));
            return new DatabaseNames("_" + HexFormat.of().formatHex(digest, 0, 8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The notification channel {@code base} of this store. */
    String channel(String base) {
        return base + suffix;
    }

    /** The application name of this store's listening connections. */
    String listenerApplication() {
        return PostgresListener.APPLICATION_NAME + suffix;
    }
}
