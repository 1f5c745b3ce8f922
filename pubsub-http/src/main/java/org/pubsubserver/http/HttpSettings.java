package org.pubsubserver.http;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Where the HTTP side listens and which hostnames it serves: the component's domain plus any extra
 * {@code hosts} (as Prosody's {@code http_host}). Requests for any other Host get 404.
 */
public record HttpSettings(String bindAddress, int port, Set<String> hosts, Duration heartbeatInterval,
                           Duration retryHint, Set<String> corsOrigins, int maxStreams, int maxStreamsPerAddress,
                           Tls tls) {
    /** A PEM certificate chain and its PEM (PKCS#8) private key: the port then speaks TLS, with h2 and http/1.1. */
    public record Tls(Path certificateChain, Path privateKey) {
        public Tls {
            Objects.requireNonNull(certificateChain, "certificateChain");
            Objects.requireNonNull(privateKey, "privateKey");
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
    }

    /** No cross-origin access, no stream limits, no TLS. */
    public HttpSettings(String bindAddress, int port, Set<String> hosts, Duration heartbeatInterval, Duration retryHint) {
        this(bindAddress, port, hosts, heartbeatInterval, retryHint, Set.of(), 0, 0, null);
    }

    /** No TLS. */
    public HttpSettings(String bindAddress, int port, Set<String> hosts, Duration heartbeatInterval, Duration retryHint,
                        Set<String> corsOrigins, int maxStreams, int maxStreamsPerAddress) {
        this(bindAddress, port, hosts, heartbeatInterval, retryHint, corsOrigins, maxStreams, maxStreamsPerAddress, null);
    }
}
