package org.pubsubserver.xmpp.link;

import java.time.Duration;

/**
 * One period of standing by: the XMPP server keeps the domain's link for another connection (another instance of
 * this service) and refuses ours with {@code <conflict/>}. Since when, and how many attempts it has refused; which
 * refusal is the one to tell at INFO or WARN, and which only at DEBUG. Used on the link's event loop only.
 */
final class StandbyPeriod {
    private static final long NONE = Long.MIN_VALUE;

    /** What a refusal is to the period. */
    enum Refusal {
        /** The first of a period: the link is standing by from now. */
        FIRST,
        /** It ended a link of ours: a newer connection took the link, starting a period. */
        REPLACED,
        /** A further attempt of the period. */
        AGAIN
    }

    /** When (clock millis) the period began, or {@link #NONE}. */
    private long since = NONE;
    private int attempts;

    /** An attempt refused with {@code <conflict/>} at {@code now}; {@code wasLinked}: it ended a link of ours. */
    Refusal refused(long now, boolean wasLinked) {
        if (wasLinked || since == NONE) {
            since = now;
            attempts = 1;
            return wasLinked ? Refusal.REPLACED : Refusal.FIRST;
        }
        attempts++;
        return Refusal.AGAIN;
    }

    /** Attempts refused in the period so far. */
    int attempts() {
        return attempts;
    }

    /** How long the period has lasted at {@code now}. */
    Duration length(long now) {
        return Duration.ofMillis(Math.max(0, now - since));
    }

    /** Ends the period (the link was taken, or failed otherwise); its length, or null when there was none. */
    Duration end(long now) {
        if (since == NONE) {
            return null;
        }
        Duration length = length(now);
        since = NONE;
        return length;
    }
}
