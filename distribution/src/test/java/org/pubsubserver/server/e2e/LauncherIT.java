package org.pubsubserver.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher with no XMPP server needed: bad configuration, an XMPP server that is down, --version. */
class LauncherIT {
    @TempDir
    Path dir;

    /** A loopback port nothing listens on (one that was free a moment ago). */
    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private Path log(String name) throws Exception {
        Path log = Files.createDirectories(Path.of("target", "e2e-logs")).resolve(name + ".log").toAbsolutePath();
        Files.deleteIfExists(log);
        return log;
    }

    @Test
    void anUnparseableConfigFileStopsTheStartNamingFileAndLine() throws Exception {
        Path config = dir.resolve("broken.conf");
        Files.writeString(config, "xmpp {\n  domain = pubsub.example.org\n  port = = 5347\n}\n");
        try (ServerProcess server = ServerProcess.start(Map.of(), log("LauncherIT-broken-config"),
                "--config", config.toString())) {
            assertThat(server.awaitExit(Duration.ofSeconds(30))).isEqualTo(2);
            assertThat(server.log()).contains("Cannot start: the configuration is not valid")
                    .contains("broken.conf: 3");
        }
    }

    @Test
    void anXmppServerThatIsDownIsRetriedWithBackoffAndTheServerStaysUp() throws Exception {
        int closedPort = closedPort();
        try (ServerProcess server = ServerProcess.start(Map.of(
                "PUBSUB_XMPP_PORT", Integer.toString(closedPort),
                "PUBSUB_XMPP_INITIAL_BACKOFF", "100ms",
                "PUBSUB_HTTP_PORT", "0",
                "PUBSUB_STORAGE_DATA_DIR", dir.resolve("data").toString()), log("LauncherIT-server-down"))) {
            String marker = "Could not connect to the XMPP server at 127.0.0.1:" + closedPort;
            server.awaitLog("(?s)" + marker + ".*" + marker + ".*" + marker, Duration.ofSeconds(30));
            assertThat(server.log()).contains("check that the XMPP server is running with a component port");
            List<Double> delays = LogLines.retryDelaysInSeconds(server.log(), marker);
            assertThat(delays.get(2)).isGreaterThan(delays.get(0));
            assertThat(server.isAlive()).isTrue();
            assertThat(server.terminate()).isZero();
        }
    }

    /** Issue 14: a PostgreSQL nobody answers at stops the start with one sentence that names the URL and the setting. */
    @Test
    void anUnreachableDatabaseStopsTheStartWithOneSentenceSayingWhatToFix() throws Exception {
        int closedPort = closedPort();
        try (ServerProcess server = ServerProcess.start(Map.of(
                "PUBSUB_STORAGE_URL", "jdbc:postgresql://127.0.0.1:" + closedPort + "/pubsub",
                "PUBSUB_STORAGE_USER", "pubsub", "PUBSUB_STORAGE_PASSWORD", "secret",
                "PUBSUB_HTTP_PORT", "0",
                "PUBSUB_STORAGE_DATA_DIR", dir.resolve("data").toString()), log("LauncherIT-database-down"))) {
            assertThat(server.awaitExit(Duration.ofSeconds(60))).isEqualTo(3);
            String log = server.log();
            assertThat(log).contains("Cannot start: Cannot reach the database PostgreSQL jdbc:postgresql://127.0.0.1:"
                    + closedPort + "/pubsub as pubsub").contains("correct storage.url (PUBSUB_STORAGE_URL)");
            assertThat(log).as("one sentence, no stack trace").doesNotContain("\tat ").doesNotContain("secret");
        }
    }

    /** Issue 15: on the JDK the build runs on (17 here), the server starts without a single JVM warning. */
    @Test
    void startsWithoutJvmWarningsOnTheBuildsJdk() throws Exception {
        startsWithoutJvmWarnings(Path.of(System.getProperty("java.home")), "LauncherIT-no-warnings-build-jdk");
    }

    /**
     * Issue 15: nor on Java 25, which warns about sun.misc.Unsafe memory access (Netty allocating direct memory) and
     * about restricted methods called without native access enabled (Netty loading its epoll library).
     */
    @Test
    void startsWithoutJvmWarningsOnJava25() throws Exception {
        Path jdk25;
        try (var jdks = Files.list(Path.of("/usr/lib/jvm"))) {
            jdk25 = jdks.filter(jdk -> jdk.getFileName().toString().matches(".*-25([-.].*)?"))
                    .filter(jdk -> Files.isExecutable(jdk.resolve("bin/java"))).sorted().findFirst()
                    .orElseThrow(() -> new AssertionError("no Java 25 under /usr/lib/jvm: install Temurin 25"));
        }
        startsWithoutJvmWarnings(jdk25, "LauncherIT-no-warnings-java-25");
    }

    private void startsWithoutJvmWarnings(Path javaHome, String logName) throws Exception {
        int closedPort = closedPort();
        try (ServerProcess server = ServerProcess.start(Map.of(
                "JAVA_HOME", javaHome.toString(),
                "PUBSUB_XMPP_PORT", Integer.toString(closedPort),
                "PUBSUB_HTTP_PORT", "0",
                "PUBSUB_STORAGE_DATA_DIR", dir.resolve("data").toString()), log(logName))) {
            // up: the store open, the native transport loaded, HTTP listening, the link trying
            server.awaitLog("Could not connect to the XMPP server", Duration.ofSeconds(60));
            assertThat(server.log()).contains("Network I/O on epoll").contains("HTTP listening on")
                    .doesNotContain("WARNING");
            assertThat(server.terminate()).isZero();
        }
    }

    @Test
    void versionPrintsNameAndVersion() throws Exception {
        try (ServerProcess server = ServerProcess.start(Map.of(), log("LauncherIT-version"), "--version")) {
            assertThat(server.awaitExit(Duration.ofSeconds(30))).isZero();
            assertThat(server.log()).startsWith("pubsub-server ");
        }
    }
}
