package org.pubsubserver.core.access;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Who may create nodes (XEP-0060 §8.1.1): anyone, users of the listed domains, or the service's admins only.
 * Admins may always create nodes.
 */
public record NodeCreationPolicy(Who who, List<String> domains) {
    public enum Who { ANYONE, DOMAINS, ADMINS }

    public NodeCreationPolicy {
        Objects.requireNonNull(who, "who");
        domains = domains.stream().map(domain -> domain.toLowerCase(Locale.ROOT)).toList();
        if (who == Who.DOMAINS && domains.isEmpty()) {
            throw new IllegalArgumentException("node creation by domain needs at least one domain");
        }
    }

    public static NodeCreationPolicy anyone() {
        return new NodeCreationPolicy(Who.ANYONE, List.of());
    }

    /** Whether a user of {@code domain} who is not an admin may create nodes. */
    boolean allowsDomain(String domain) {
        return switch (who) {
            case ANYONE -> true;
            case DOMAINS -> domain != null && domains.contains(domain.toLowerCase(Locale.ROOT));
            case ADMINS -> false;
        };
    }
}
