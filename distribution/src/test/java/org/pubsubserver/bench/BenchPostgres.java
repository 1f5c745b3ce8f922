package org.pubsubserver.bench;

import java.sql.DriverManager;

/** scripts/test-servers.sh's PostgreSQL as the benchmarks use it: its schema emptied, so that each run starts from nothing. */
final class BenchPostgres {
    static final String URL = "jdbc:postgresql://127.0.0.1:25432/pubsub";
    static final String USER = "pubsub";
    static final String PASSWORD = "test-secret";

    private BenchPostgres() {
    }

    /** Drops and creates the public schema. */
    static void empty() throws Exception {
        try (var connection = DriverManager.getConnection(URL, USER, PASSWORD);
             var statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS public CASCADE");
            statement.execute("CREATE SCHEMA public");
        }
    }
}
