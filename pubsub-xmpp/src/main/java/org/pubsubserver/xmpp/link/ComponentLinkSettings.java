package org.pubsubserver.xmpp.link;

import java.time.Duration;
import java.util.Objects;

/**
 * Where and how the component connects: its domain, the XMPP server's component port and shared secret
 * (XEP-0114), the inbound stanza size bound, the whitespace keepalive interval ({@link Duration#ZERO} turns it
 * off), the reconnect backoff range, the TCP connect timeout (also the bound on the handshake), and how often a
 * link stands by while the XMPP server has another connection as the domain ({@code <conflict/>}: another instance
 * of this service holds the link) tries again to take it over.
 */
public record ComponentLinkSettings(String domain, String host, int port, String secret, int maxStanzaBytes,
        Duration keepaliveInterval, Duration initialBackoff, Duration maxBackoff, Duration connectTimeout,
        Duration standbyRetry) {

    /** Smallest stanza bound accepted: anything smaller could not carry an ordinary pubsub request. */
    public static final int MIN_STANZA_BYTES = 1024;

    public ComponentLinkSettings {
        requireText(domain, "domain");
        requireText(host, "host");
        Objects.requireNonNull(secret, "secret");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1..65535: " + port);
        }
        if (maxStanzaBytes < MIN_STANZA_BYTES) {
            throw new IllegalArgumentException("maxStanzaBytes must be at least " + MIN_STANZA_BYTES + ": "
                    + maxStanzaBytes);
        }
        requireNotNegative(keepaliveInterval, "keepaliveInterval");
        requirePositive(initialBackoff, "initialBackoff");
        requirePositive(maxBackoff, "maxBackoff");
        requirePositive(connectTimeout, "connectTimeout");
        requirePositive(standbyRetry, "standbyRetry");
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("maxBackoff " + maxBackoff + " is shorter than initialBackoff "
                    + initialBackoff);
        }
    }

    /**
     * 1 MiB stanzas, a keepalive after 60 s without writes, 1 s to 60 s between attempts, 10 s to connect, 2 s
     * between attempts while standing by.
     */
    public static ComponentLinkSettings defaults(String domain, String host, int port, String secret) {
        return new ComponentLinkSettings(domain, host, port, secret, 1024 * 1024, Duration.ofSeconds(60),
                Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofSeconds(10), Duration.ofSeconds(2));
    }

    /** "host:port", with an IPv6 literal in brackets, for log messages. */
    public String address() {
        return (host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + port;
    }

    /** Everything but the secret. */
    @Override
    public String toString() {
        return "ComponentLinkSettings[domain=" + domain + ", address=" + address() + ", secret=(hidden)"
                + ", maxStanzaBytes=" + maxStanzaBytes + ", keepaliveInterval=" + keepaliveInterval
                + ", initialBackoff=" + initialBackoff + ", maxBackoff=" + maxBackoff
                + ", connectTimeout=" + connectTimeout + ", standbyRetry=" + standbyRetry + "]";
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be empty");
        }
    }

    private static void requireNotNegative(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative: " + value);
        }
    }

    private static void requirePositive(Duration value, String name) {
        requireNotNegative(value, name);
        if (value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }
}
