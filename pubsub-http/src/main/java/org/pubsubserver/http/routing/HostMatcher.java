package org.pubsubserver.http.routing;

import java.util.Locale;
import java.util.Set;

/** Decides whether a request's Host header names one of our hostnames (the port is ignored). */
public final class HostMatcher {
    private final Set<String> hosts;

    public HostMatcher(Set<String> hosts) {
        this.hosts = Set.copyOf(hosts);
    }

    public boolean matches(String hostHeader) {
        if (hostHeader == null || hostHeader.isEmpty()) {
            return false;
        }
        return hosts.contains(hostName(hostHeader));
    }

    /** The host part of a Host header value, lower case, without port and without a trailing dot. */
    static String hostName(String hostHeader) {
        String value = hostHeader.trim().toLowerCase(Locale.ROOT);
        if (value.startsWith("[")) {
            int end = value.indexOf(']');
            return end > 0 ? value.substring(0, end + 1) : value;
        }
        int colon = value.lastIndexOf(':');
        String host = colon >= 0 ? value.substring(0, colon) : value;
        return host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
    }
}
