package org.pubsubserver.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A wrong secret against a real Prosody: XEP-0114 §3 (handshake) refused with not-authorized; we log one
 * sentence naming the setting to fix, stay up, and retry with a growing delay, never in a tight loop.
 */
class WrongSecretIT {
    @BeforeAll
    static void startProsody() throws Exception {
        TestServers.start(TestServers.Kind.PROSODY);
    }

    @AfterAll
    static void stopProsody() {
        EndToEndScenario.stopQuietly(TestServers.Kind.PROSODY);
    }

    @Test
    void aWrongSecretIsLoggedClearlyAndRetriedWithGrowingBackoff() throws Exception {
        Path logs = Files.createDirectories(Path.of("target", "e2e-logs"));
        Path log = logs.resolve("WrongSecretIT.log").toAbsolutePath();
        Files.deleteIfExists(log);
        Path data = Files.createTempDirectory("pubsub-wrong-secret");
        try (ServerProcess server = ServerProcess.start(Map.of(
                "PUBSUB_XMPP_PORT", Integer.toString(TestServers.Kind.PROSODY.componentPort),
                "PUBSUB_XMPP_SECRET", "not-the-secret",
                "PUBSUB_XMPP_INITIAL_BACKOFF", "100ms",
                "PUBSUB_HTTP_PORT", "0",
                "PUBSUB_STORAGE_DATA_DIR", data.toString()), log)) {
            String refused = "refused the secret for component " + TestServers.COMPONENT;
            server.awaitLog(refused + ".*not-authorized.*set xmpp.secret", Duration.ofSeconds(30));
            server.awaitLog("(?s)" + refused + ".*" + refused, Duration.ofSeconds(30));

            List<Double> delays = LogLines.retryDelaysInSeconds(server.log(), refused);
            assertThat(delays).hasSizeGreaterThanOrEqualTo(2);
            // a refusal waits at least 5 s (less 20% jitter) even with a 100 ms initial backoff, then doubles
            assertThat(delays.get(0)).isGreaterThanOrEqualTo(4.0);
            assertThat(delays.get(1)).isGreaterThan(delays.get(0));
            assertThat(server.isAlive()).isTrue();
            assertThat(server.terminate()).isZero();
        }
    }
}
