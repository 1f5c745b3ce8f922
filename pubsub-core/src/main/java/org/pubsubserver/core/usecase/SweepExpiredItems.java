package org.pubsubserver.core.usecase;

import java.time.Duration;
import java.util.List;
import org.pubsubserver.core.cluster.WorkClaims;
import org.pubsubserver.core.event.EventSink;

/**
 * pubsub#item_expire (XEP-0060 §17.4.4): items older than their node's expiry are removed from every node
 * that has one, so they go even from nodes nobody reads (reads remove them too, see
 * {@link UseCaseContext#requireNodeWithoutExpiredItems}). Counts the nodes swept. Each node's archive is trimmed to
 * its retention too, {@value #ARCHIVE_TRIM} items a transaction, at most {@value #ARCHIVE_ROUNDS} times a node a sweep
 * (a first sweep after the retention was lowered on a large archive takes a few sweeps, and no one node holds its
 * lane long).
 */
public final class SweepExpiredItems implements PerNodeWork {
    /** The name of the sweep's claim among instances. */
    static final String CLAIM = "expiry-sweep";
    /** The most archived items one sweep removes from one node. */
    static final int ARCHIVE_TRIM = 10_000;
    /** The most trims of one node's archive one sweep makes, while each removes {@value #ARCHIVE_TRIM}. */
    static final int ARCHIVE_ROUNDS = 5;
    private final UseCaseContext context;
    private final QueryArchive archive;

    public SweepExpiredItems(UseCaseContext context) {
        this.context = context;
        this.archive = new QueryArchive(context);
    }

    @Override
    public List<String> nodes() {
        return context.store().nodeNames();
    }

    /** The sweep where it is done by the instance that holds its claim, for {@code period}: no node elsewhere. */
    public PerNodeWork claimed(WorkClaims claims, Duration period) {
        return new PerNodeWork() {
            @Override
            public List<String> nodes() {
                return claims.claim(CLAIM, period) ? SweepExpiredItems.this.nodes() : List.of();
            }

            @Override
            public int onNode(String name, EventSink events) {
                return SweepExpiredItems.this.onNode(name, events);
            }
        };
    }

    @Override
    public int onNode(String name, EventSink events) {
        return context.store().findNode(name).map(node -> {
            // a busy node past its retention: more rounds, so that the sweep keeps up with 5 x 10,000 publishes a sweep
            for (int round = 0; round < ARCHIVE_ROUNDS && archive.trim(node, ARCHIVE_TRIM) == ARCHIVE_TRIM; round++) {
                // each round is a transaction of its own
            }
            if (node.config().itemExpiry().isEmpty()) {
                return 0;
            }
            context.removeExpiredItems(node);
            return 1;
        }).orElse(0);
    }
}
