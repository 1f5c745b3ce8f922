package org.pubsubserver.http;

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
                           Duration retryHint, Set<String> corsOrigins, int maxStreams, int maxStreamsPerAddress) {
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

    /** No cross-origin access, no stream limits. */
    public HttpSettings(String bindAddress, int port, Set<String> hosts, Duration heartbeatInterval, Duration retryHint) {
        this(bindAddress, port, hosts, heartbeatInterval, retryHint, Set.of(), 0, 0);
    }
}
