package org.pubsubserver.core.engine;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.LongAdder;
import org.pubsubserver.core.error.PubSubException;
import org.pubsubserver.core.error.StanzaCondition;

/**
 * How this instance's publish requests ended, counted for the operators' metrics: published, refused (by the
 * refusal's condition: the publisher sees that error), or failed (a fault: the publisher sees
 * {@code internal-server-error}). Striped counters: counting costs a publish no lock and no shared cache line.
 */
public final class PublishOutcomes {
    private final LongAdder published = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final Map<StanzaCondition, LongAdder> refused = new EnumMap<>(StanzaCondition.class);

    public PublishOutcomes() {
        for (StanzaCondition condition : StanzaCondition.values()) {
            refused.put(condition, new LongAdder());
        }
    }

    /** Counts one request's end: {@code failure} null when it published. */
    void count(Throwable failure) {
        if (failure == null) {
            published.increment();
            return;
        }
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof PubSubException refusal) {
            refused.get(refusal.condition()).increment();
        } else {
            failed.increment();
        }
    }

    /** Requests whose items were stored and acknowledged. */
    public long published() {
        return published.sum();
    }

    /** Requests refused with {@code condition}. */
    public long refused(StanzaCondition condition) {
        return refused.get(condition).sum();
    }

    /** Requests that failed on a fault (the store, a bug). */
    public long failed() {
        return failed.sum();
    }
}
