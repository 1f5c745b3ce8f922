package org.pubsubserver.http.routing;

import java.util.Set;

/** Which paths (percent-decoded) a route answers. */
@FunctionalInterface
public interface PathMatch {
    boolean matches(String path);

    /** Exactly these paths. */
    static PathMatch exactly(String... paths) {
        Set<String> set = Set.of(paths);
        return set::contains;
    }

    /** Every path that starts with {@code prefix} and goes on past it ({@code /eventsource/} + a node's name). */
    static PathMatch below(String prefix) {
        return path -> path.length() > prefix.length() && path.startsWith(prefix);
    }
}
