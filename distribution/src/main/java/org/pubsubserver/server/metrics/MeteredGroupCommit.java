package org.pubsubserver.server.metrics;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import org.pubsubserver.core.store.GroupCommit;

/**
 * The store's group commit, measured: how many requests each group held ({@code pubsub_group_commit_size}) and how
 * long its commit took ({@code pubsub_group_commit_seconds}: the commit alone, the database's flush included), both
 * as histograms. One group is open at a time (the lanes take turns, see
 * {@link org.pubsubserver.core.engine.Lanes}), so the group's count needs no more than the turn's lock; measuring
 * costs a group two clock reads and two histogram records, not a publish.
 */
final class MeteredGroupCommit implements GroupCommit {
    private final GroupCommit store;
    private final DistributionSummary size;
    private final Timer commitTime;
    /** The open group's requests; guarded by the lanes' turn (begin, nextWork and commit are called holding it). */
    private int inGroup;

    MeteredGroupCommit(GroupCommit store, MeterRegistry registry) {
        this.store = store;
        this.size = DistributionSummary.builder("pubsub.group.commit.size")
                .description("Requests committed together in one group (one database commit)")
                .serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64, 128, 256)
                .register(registry);
        this.commitTime = Timer.builder("pubsub.group.commit")
                .description("How long a group's database commit took")
                .publishPercentileHistogram()
                .minimumExpectedValue(java.time.Duration.ofMillis(1))
                .maximumExpectedValue(java.time.Duration.ofSeconds(10))
                .register(registry);
    }

    @Override
    public void begin() {
        inGroup = 0;
        store.begin();
    }

    @Override
    public void nextWork(long submittedNanos) {
        inGroup++;
        store.nextWork(submittedNanos);
    }

    @Override
    public void commit() {
        long start = System.nanoTime();
        try {
            store.commit();
        } finally {
            commitTime.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            size.record(inGroup);
        }
    }
}
