package org.pubsubserver.http;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.pubsubserver.http.connection.TrustedProxies;
import org.pubsubserver.http.publish.PublishSettings;

/**
 * Where the HTTP side listens and which hostnames it serves: the component's domain plus any extra
 * {@code hosts} (as Prosody's {@code http_host}). Requests for any other Host get 404.
 */
public record HttpSettings(String bindAddress, int port, Set<String> hosts, Duration heartbeatInterval,
                           Duration retryHint, Set<String> corsOrigins, int maxStreams, int maxStreamsPerAddress,
                           Tls tls, TrustedProxies trustedProxies, Connections connections,
                           PublishSettings publishing) {
    /** A PEM certificate chain and its PEM (PKCS#8) private key: the port then speaks TLS, with h2 and http/1.1. */
    public record Tls(Path certificateChain, Path privateKey) {
        public Tls {
            Objects.requireNonNull(certificateChain, "certificateChain");
            Objects.requireNonNull(privateKey, "privateKey");
        }
    }

    /**
     * What a connection may cost: how long it may keep the server waiting for a request ({@code requestTimeout};
     * zero: no limit), and how many may be open in all and from one address (0: no limit).
     */
    public record Connections(Duration requestTimeout, int max, int maxPerAddress) {
        /** No timeout, no limits. */
        public static final Connections UNLIMITED = new Connections(Duration.ZERO, 0, 0);

        public Connections {
            Objects.requireNonNull(requestTimeout, "requestTimeout");
            if (requestTimeout.isNegative() || max < 0 || maxPerAddress < 0) {
                throw new IllegalArgumentException("connection limits are 0 (none) or more");
            }
        }
    }

    public HttpSettings {
        Objects.requireNonNull(bindAddress, "bindAddress");
        hosts = hosts.stream().map(h -> h.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        if (hosts.isEmpty()) {
            throw new IllegalArgumentException("at least one served hostname is needed");
        }
        Objects.requireNonNull(heartbeatInterval, "heartbeatInterval");
        Objects.requireNonNull(retryHint, "retryHint");
        corsOrigins = Set.copyOf(corsOrigins);
        if (maxStreams < 0 || maxStreamsPerAddress < 0) {
            throw new IllegalArgumentException("stream limits are 0 (none) or more");
        }
        Objects.requireNonNull(trustedProxies, "trustedProxies");
        Objects.requireNonNull(connections, "connections");
        Objects.requireNonNull(publishing, "publishing");
    }

    /** No cross-origin access, no stream or connection limits, no TLS, no trusted proxies, publishing with tokens. */
    public HttpSettings(String bindAddress, int port, Set<String> hosts, Duration heartbeatInterval, Duration retryHint) {
        this(bindAddress, port, hosts, heartbeatInterval, retryHint, Set.of(), 0, 0, null);
    }

    /** No TLS, no connection limits, no trusted proxies. */
    public HttpSettings(String bindAddress, int port, Set<String> hosts, Duration heartbeatInterval, Duration retryHint,
                        Set<String> corsOrigins, int maxStreams, int maxStreamsPerAddress) {
        this(bindAddress, port, hosts, heartbeatInterval, retryHint, corsOrigins, maxStreams, maxStreamsPerAddress, null);
    }

    /** No connection limits, no trusted proxies. */
    public HttpSettings(String bindAddress, int port, Set<String> hosts, Duration heartbeatInterval, Duration retryHint,
                        Set<String> corsOrigins, int maxStreams, int maxStreamsPerAddress, Tls tls) {
        this(bindAddress, port, hosts, heartbeatInterval, retryHint, corsOrigins, maxStreams, maxStreamsPerAddress, tls,
                TrustedProxies.none(), Connections.UNLIMITED, PublishSettings.DEFAULTS);
    }

    /** These settings with {@code proxies} trusted to name their clients. */
    public HttpSettings withTrustedProxies(TrustedProxies proxies) {
        return new HttpSettings(bindAddress, port, hosts, heartbeatInterval, retryHint, corsOrigins, maxStreams,
                maxStreamsPerAddress, tls, proxies, connections, publishing);
    }

    /** These settings with other connection limits. */
    public HttpSettings withConnections(Connections limits) {
        return new HttpSettings(bindAddress, port, hosts, heartbeatInterval, retryHint, corsOrigins, maxStreams,
                maxStreamsPerAddress, tls, trustedProxies, limits, publishing);
    }

    /** These settings with other rules for publishing over HTTP. */
    public HttpSettings withPublishing(PublishSettings rules) {
        return new HttpSettings(bindAddress, port, hosts, heartbeatInterval, retryHint, corsOrigins, maxStreams,
                maxStreamsPerAddress, tls, trustedProxies, connections, rules);
    }
}
