package org.pubsubserver.core.store.jdbc;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The test PostgreSQL of scripts/test-servers.sh (127.0.0.1:25432, database and user pubsub, password test-secret),
 * started through the script when nothing answers there, once per test JVM, and stopped when the JVM ends if this JVM
 * started it. Each test gets a schema of its own: a fresh, empty store.
 */
public final class TestPostgres {
    public static final String HOST = "127.0.0.1";
    public static final int PORT = 25432;
    public static final String USER = "pubsub";
    public static final String PASSWORD = "test-secret";
    public static final String DATABASE_URL = "jdbc:postgresql://" + HOST + ":" + PORT + "/pubsub";

    private static boolean started;

    private TestPostgres() {
    }

    /** A new, empty schema in the test database, as settings for a store on it. */
    public static synchronized StorageSettings freshSchema() {
        ensureRunning();
        String schema = "t_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection connection = DriverManager.getConnection(DATABASE_URL, USER, PASSWORD);
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create a schema in the test PostgreSQL", e);
        }
        return new StorageSettings(DATABASE_URL + "?currentSchema=" + schema, USER, PASSWORD, 4, false);
    }

    /** Runs SQL on the test database as the test user. */
    public static void execute(String sql) throws SQLException {
        ensureRunning();
        try (Connection connection = DriverManager.getConnection(DATABASE_URL, USER, PASSWORD);
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    static synchronized void ensureRunning() {
        if (answers()) {
            return;
        }
        run("start");
        started = true;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> run("stop"), "stop-test-postgresql"));
    }

    private static boolean answers() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(HOST, PORT), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void run(String command) {
        Path script = projectRoot().resolve("scripts/test-servers.sh");
        try {
            Process process = new ProcessBuilder("bash", script.toString(), command, "postgresql")
                    .redirectErrorStream(true).start();
            String output;
            try (var in = process.getInputStream()) {
                output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            if (!process.waitFor(180, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("test-servers.sh " + command + " postgresql failed:\n" + output);
            }
            System.out.print(output);
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + script, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** The folder with scripts/test-servers.sh: the module's parent when the tests run from a module. */
    private static Path projectRoot() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("scripts/test-servers.sh"))) {
                return p;
            }
        }
        throw new IllegalStateException("scripts/test-servers.sh not found above " + dir);
    }

    /** Drops the schema of settings made by {@link #freshSchema()}, with everything in it. */
    public static void dropSchema(StorageSettings settings) {
        String schema = settings.url().substring(settings.url().indexOf("currentSchema=") + "currentSchema=".length());
        try {
            execute("DROP SCHEMA " + schema + " CASCADE");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop schema " + schema, e);
        }
    }
}
