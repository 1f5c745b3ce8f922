package org.pubsubserver.http.connection;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What is open per address, against a limit, from any thread. An address has an entry only while something
 * of it is open; the entry also remembers that its refusal was logged, so each address that reaches the limit
 * is logged once (again only after everything of it has closed).
 */
final class AddressCounts {
    private final int max;
    private final ConcurrentHashMap<InetAddress, Count> counts = new ConcurrentHashMap<>();

    /** {@code max}: at least 1. */
    AddressCounts(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("a limit per address is at least 1, not " + max);
        }
        this.max = max;
    }

    int max() {
        return max;
    }

    Taken take(InetAddress address) {
        Taken[] taken = new Taken[1];
        counts.compute(address, (a, count) -> {
            Count now = count == null ? new Count() : count;
            if (now.open < max) {
                now.open++;
                taken[0] = Taken.YES;
            } else {
                taken[0] = now.refusalLogged ? Taken.NO : Taken.NO_FIRST_TIME;
                now.refusalLogged = true;
            }
            return now;
        });
        return taken[0];
    }

    void give(InetAddress address) {
        counts.computeIfPresent(address, (a, count) -> --count.open <= 0 ? null : count);
    }

    /** What is open from {@code address} now. */
    int open(InetAddress address) {
        Count count = counts.get(address);
        return count == null ? 0 : count.open;
    }

    /** Changed only inside the map's compute, which holds the entry's lock. */
    private static final class Count {
        int open;
        boolean refusalLogged;
    }
}
