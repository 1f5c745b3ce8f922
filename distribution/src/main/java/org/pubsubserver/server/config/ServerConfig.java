package org.pubsubserver.server.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.pubsubserver.core.access.ServicePolicy;
import org.pubsubserver.core.store.jdbc.StorageSettings;
import org.pubsubserver.core.usecase.ArchiveSettings;
import org.pubsubserver.http.publish.PublishSettings;

/** The server's settings, as read from the configuration file, the environment and the defaults. */
public record ServerConfig(Xmpp xmpp, Http http, Storage storage, ServicePolicy service, Engine engine, Admin admin,
                           ArchiveSettings archive, String source) {

    public record Xmpp(String domain, String host, int port, String secret, int maxStanzaSize,
                       Duration keepaliveInterval, Duration initialBackoff, Duration maxBackoff,
                       Duration connectTimeout, Duration standbyRetry) {
    }

    /** {@code maxConnections}: {@link #AUTO} for a limit derived from the process's open-files limit. */
    public record Http(boolean enabled, String bind, int port, List<String> hosts, Duration heartbeatInterval,
                       Duration retry, List<String> corsOrigins, int maxStreams, int maxStreamsPerAddress,
                       Duration tokenLifetime, Path tlsCertificate, Path tlsKey, List<String> trustedProxies,
                       Duration requestTimeout, int maxConnections, int maxConnectionsPerAddress,
                       PublishSettings publishing) {
        /** {@code http.max-connections = auto}. */
        public static final int AUTO = -1;
    }

    /**
     * Where the store is: {@code url} empty for the embedded H2 file in {@code dataDir}, or a JDBC URL (PostgreSQL,
     * shared by several instances) with its {@code user} and {@code password}; {@code sync}: H2 forces each commit
     * to disk.
     */
    public record Storage(Path dataDir, int poolSize, String url, String user, String password, boolean sync) {
        /** How to open the store: the H2 file in {@code dataDir} when {@code url} is empty. */
        public StorageSettings settings() {
            return url.isEmpty() ? StorageSettings.h2File(dataDir, poolSize, sync)
                    : new StorageSettings(url, user, password, poolSize, sync);
        }

        @Override
        public String toString() {
            return "Storage[dataDir=" + dataDir + ", poolSize=" + poolSize + ", url=" + url + ", user=" + user
                    + ", sync=" + sync + "]"; // never the password
        }
    }

    public record Engine(int lanes, int laneQueueCapacity, Duration expirySweepInterval) {
    }

    /** The operators' listener (metrics, health, the admin command); {@code port} 0: none; {@code token}: "" none. */
    public record Admin(String bind, int port, String token) {
        public boolean enabled() {
            return port != 0;
        }
    }
}
