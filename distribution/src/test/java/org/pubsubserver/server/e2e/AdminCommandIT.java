package org.pubsubserver.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pubsubserver.core.model.NodeConfig;
import org.pubsubserver.core.store.jdbc.JdbcStorage;
import org.pubsubserver.core.store.jdbc.StorageSettings;
import org.xmpp.packet.JID;

/**
 * {@code bin/pubsub-admin} on a store that instances share (PostgreSQL), with no instance answering (issue 15): it
 * reads it, but refuses to change it directly, since an instance running elsewhere would not be told, unless
 * {@code --offline} says every instance is stopped.
 */
class AdminCommandIT {
    private static String databaseUrl;

    @TempDir
    Path work;

    @BeforeAll
    static void startPostgresql() throws Exception {
        databaseUrl = TestServers.startPostgresql();
    }

    @AfterAll
    static void stopPostgresql() throws Exception {
        TestServers.stopPostgresql();
    }

    @Test
    void aSharedStoreIsReadButChangedDirectlyOnlyWithOffline() throws Exception {
        try (JdbcStorage storage = JdbcStorage.open(new StorageSettings(databaseUrl, "pubsub", TestServers.SECRET, 2,
                false))) {
            storage.nodeStore().createNode("shared-node", new JID("alice@localhost"), NodeConfig.defaults(),
                    Instant.now()).orElseThrow();
        }
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        Map<String, String> environment = Map.of(
                "PUBSUB_STORAGE_URL", databaseUrl,
                "PUBSUB_STORAGE_USER", "pubsub",
                "PUBSUB_STORAGE_PASSWORD", TestServers.SECRET,
                "PUBSUB_STORAGE_DATA_DIR", work.toString(),
                "PUBSUB_ADMIN_PORT", Integer.toString(closedPort)); // no instance answers there

        ServerProcess.AdminRun listed = ServerProcess.admin(environment, "nodes");
        assertThat(listed.status()).as(listed.output()).isZero();
        assertThat(listed.output()).contains("shared-node");

        ServerProcess.AdminRun refused = ServerProcess.admin(environment, "delete-node", "shared-node");
        assertThat(refused.status()).as(refused.output()).isEqualTo(1);
        assertThat(refused.output()).contains("instances share this store").contains("--offline")
                .contains("nothing was changed");
        assertThat(ServerProcess.admin(environment, "nodes").output()).contains("shared-node");

        ServerProcess.AdminRun deleted = ServerProcess.admin(environment, "--offline", "delete-node", "shared-node");
        assertThat(deleted.status()).as(deleted.output()).isZero();
        assertThat(ServerProcess.admin(environment, "nodes").output()).endsWith("0 nodes\n");
    }
}
