package org.pubsubserver.core.backup;

import java.sql.Connection;
import java.sql.SQLException;

/** Which database a connection is on: the store runs on H2 and on PostgreSQL, and these tools on both. */
final class Databases {
    private Databases() {
    }

    static boolean isH2(Connection connection) throws SQLException {
        return connection.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT).contains("h2");
    }
}
