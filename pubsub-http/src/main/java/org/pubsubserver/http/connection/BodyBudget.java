package org.pubsubserver.http.connection;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes of large request bodies (publishes) being gathered at once, across every connection and HTTP/2 stream
 * of one server: a request whose body would pass the budget is refused (503, to retry), so that many connections or
 * streams trickling large bodies cannot make the server hold more than this, whatever the limits per request.
 */
public final class BodyBudget {
    private final long bytes;
    private final AtomicLong taken = new AtomicLong();

    public BodyBudget(long bytes) {
        this.bytes = bytes;
    }

    /** Takes {@code count} bytes of the budget; false (nothing taken) when they are not left. */
    boolean take(long count) {
        long now;
        do {
            now = taken.get();
            if (now + count > bytes) {
                return false;
            }
        } while (!taken.compareAndSet(now, now + count));
        return true;
    }

    void giveBack(long count) {
        taken.addAndGet(-count);
    }

    /** The bytes taken now. */
    long taken() {
        return taken.get();
    }
}
