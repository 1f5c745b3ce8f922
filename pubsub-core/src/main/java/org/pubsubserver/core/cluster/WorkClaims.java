package org.pubsubserver.core.cluster;

import java.time.Duration;

/**
 * Work that one instance of the service does for all of them (the expiry sweep): the instance that holds the claim
 * does it; a claim lapses when its holder stops renewing it (it stopped, or crashed), and another instance takes it.
 */
public interface WorkClaims {
    /** One instance alone: it always holds every claim. */
    WorkClaims ALONE = (work, period) -> true;

    /**
     * Whether this instance holds {@code work} for the next {@code period} (claimed now, or renewed); false while
     * another instance holds it. Blocks on the store: call it from a lane.
     */
    boolean claim(String work, Duration period);
}
