package org.pubsubserver.http.connection;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What is open in all, against a limit (0: none), from any thread. A refusal is to be logged once when the
 * limit is reached, and again only after the count has come down to 90% of it, so that a count that stays at
 * the limit does not flood the log.
 */
final class TotalCount {
    private final int max;
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicBoolean refusalLogged = new AtomicBoolean();

    TotalCount(int max) {
        if (max < 0) {
            throw new IllegalArgumentException("a limit is 0 (none) or more, not " + max);
        }
        this.max = max;
    }

    int max() {
        return max;
    }

    Taken take() {
        if (open.incrementAndGet() <= max || max == 0) {
            return Taken.YES;
        }
        open.decrementAndGet();
        return refusalLogged.compareAndSet(false, true) ? Taken.NO_FIRST_TIME : Taken.NO;
    }

    void give() {
        if (open.decrementAndGet() <= max - max / 10 && refusalLogged.get()) {
            refusalLogged.set(false);
        }
    }

    int open() {
        return open.get();
    }
}
