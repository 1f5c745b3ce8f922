package org.pubsubserver.xmpp.link;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Delays between connection attempts: exponential from a start value, capped, with ±20 % jitter so that many
 * components restarted together do not reconnect in step. A floor raises the start value for failures that will
 * not cure themselves quickly (a refused secret). Standing by, the delay is fixed instead ({@link #standby}). Not
 * thread-safe.
 */
final class Backoff {
    private final Duration initial;
    private final Duration max;
    private final RandomGenerator random;
    private int failures;

    Backoff(Duration initial, Duration max, RandomGenerator random) {
        this.initial = initial;
        this.max = max;
        this.random = random;
    }

    /** The delay before the next attempt, never below {@code floor} (capped at the maximum), nor above the maximum. */
    Duration next(Duration floor) {
        long maxNanos = max.toNanos();
        long startNanos = Math.min(maxNanos, Math.max(initial.toNanos(), floor.toNanos()));
        double base = Math.min((double) maxNanos, startNanos * Math.pow(2, Math.min(failures, 40)));
        double jittered = base * (0.8 + 0.4 * random.nextDouble());
        failures++;
        return Duration.ofNanos((long) Math.max(startNanos, Math.min(maxNanos, jittered)));
    }

    /**
     * The delay before the next attempt while another connection holds the link: the interval, up to 10 % sooner
     * (jitter, so that several standby instances do not knock in step), never later; not counted as a failure.
     */
    Duration standby(Duration interval) {
        return Duration.ofNanos((long) (interval.toNanos() * (0.9 + 0.1 * random.nextDouble())));
    }

    /** Starts again from the initial delay. */
    void reset() {
        failures = 0;
    }

    /** Failed attempts since the last reset. */
    int failures() {
        return failures;
    }
}
