package org.pubsubserver.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.pubsubserver.core.store.GroupCommit;
import org.pubsubserver.core.store.StoreException;

/** The lanes' group commit: grouped work queued together shares one commit, and nothing settles before it. */
class LanesTest {
    private final List<String> log = new CopyOnWriteArrayList<>();
    private volatile boolean failCommit;
    private final GroupCommit recording = new GroupCommit() {
        @Override
        public void begin() {
            log.add("begin");
        }

        @Override
        public void commit() {
            log.add("commit");
            if (failCommit) {
                throw new StoreException("disk full", null);
            }
        }
    };
    private final Lanes lanes = new Lanes(1, 100, recording);

    @AfterEach
    void stop() {
        lanes.close();
    }

    /** Holds the lane until the returned latch is opened, so that what is submitted meanwhile queues up. */
    private CountDownLatch holdLane() throws InterruptedException {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        lanes.submit("node", () -> {
            running.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        });
        assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
        return release;
    }

    /**
     * Waits until the lane has run everything queued so far: a group's futures complete before its follow-ups
     * run, so a test that waited for a future alone could read the log before the last follow-up.
     */
    private void settled() throws Exception {
        lanes.submit("node", () -> null).get(10, TimeUnit.SECONDS);
    }

    private CompletableFuture<Integer> grouped(int n) {
        return lanes.submitGrouped("node", () -> {
            log.add("work " + n);
            return n;
        }, () -> log.add("after " + n));
    }

    @Test
    void groupedWorkQueuedTogetherSharesOneCommitAndSettlesAfterIt() throws Exception {
        CountDownLatch release = holdLane();
        List<CompletableFuture<Integer>> futures = IntStream.range(0, 5).mapToObj(this::grouped).toList();
        futures.forEach(future -> future.thenRun(() -> log.add("done")));
        release.countDown();
        // settled first: a thread waiting in get() on a future as it completes may run its dependents itself
        settled();
        for (int i = 0; i < 5; i++) {
            assertThat(futures.get(i).get(10, TimeUnit.SECONDS)).isEqualTo(i);
        }
        assertThat(log).containsExactly("begin", "work 0", "work 1", "work 2", "work 3", "work 4", "commit",
                "done", "after 0", "done", "after 1", "done", "after 2", "done", "after 3", "done", "after 4");
    }

    /**
     * Groups span lanes: the lane whose turn it is takes the grouped work of a lane waiting for the turn into its
     * commit, settles it after its own, and only then does the waiting lane go on (with its work that is not grouped).
     */
    @Test
    void theLaneWhoseTurnItIsCommitsTheGroupedWorkOfTheLanesWaitingForIt() throws Exception {
        try (Lanes two = new Lanes(2, 100, recording)) {
            String left = "b";
            String right = "a";
            assertThat(Math.floorMod(left.hashCode(), 2)).isNotEqualTo(Math.floorMod(right.hashCode(), 2));
            CountDownLatch inGroup = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            List<CompletableFuture<?>> futures = new java.util.ArrayList<>();
            futures.add(two.submitGrouped(left, () -> {
                log.add("work L1");
                inGroup.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return 1;
            }, () -> log.add("after L1")));
            assertThat(inGroup.await(10, TimeUnit.SECONDS)).as("the left lane's group is open").isTrue();
            for (String task : List.of("R1", "R2")) {
                futures.add(two.submitGrouped(right, () -> log.add("work " + task), () -> log.add("after " + task)));
            }
            futures.add(two.submit(right, () -> log.add("alone R3")));
            futures.add(two.submitGrouped(left, () -> log.add("work L2"), () -> log.add("after L2")));
            Thread.sleep(500); // the right lane now waits for the turn, holding R1
            release.countDown();
            for (CompletableFuture<?> future : futures) {
                future.get(10, TimeUnit.SECONDS);
            }
            two.submit(left, () -> null).get(10, TimeUnit.SECONDS);
            two.submit(right, () -> null).get(10, TimeUnit.SECONDS);
            assertThat(log).containsExactly("begin", "work L1", "work L2", "work R1", "work R2", "commit",
                    "after L1", "after L2", "after R1", "after R2", "alone R3");
        }
    }

    @Test
    void aLoneRequestIsAGroupOfOneAndWaitsForNothing() throws Exception {
        assertThat(grouped(7).get(10, TimeUnit.SECONDS)).isEqualTo(7);
        settled();
        assertThat(log).containsExactly("begin", "work 7", "commit", "after 7");
    }

    @Test
    void workThatMustRunAloneEndsTheGroup() throws Exception {
        CountDownLatch release = holdLane();
        grouped(1);
        grouped(2);
        CompletableFuture<String> alone = lanes.submit("node", () -> {
            log.add("alone");
            return "x";
        });
        CompletableFuture<Integer> last = grouped(3);
        release.countDown();
        last.get(10, TimeUnit.SECONDS);
        settled();
        assertThat(alone).isCompleted();
        assertThat(log).containsExactly("begin", "work 1", "work 2", "commit", "after 1", "after 2", "alone",
                "begin", "work 3", "commit", "after 3");
    }

    @Test
    void aFailedCommitFailsTheWholeGroupAndNoneOfItsFollowUpsRun() throws Exception {
        failCommit = true;
        CountDownLatch release = holdLane();
        CompletableFuture<Integer> first = grouped(1);
        CompletableFuture<Integer> second = grouped(2);
        release.countDown();
        assertThatThrownBy(() -> first.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(StoreException.class);
        assertThatThrownBy(() -> second.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(StoreException.class);
        assertThat(log).containsExactly("begin", "work 1", "work 2", "commit");
    }

    @Test
    void workThatFailsInAGroupFailsAloneAndTheOthersCommit() throws Exception {
        CountDownLatch release = holdLane();
        CompletableFuture<Integer> first = grouped(1);
        CompletableFuture<Integer> failing = lanes.submitGrouped("node", () -> {
            throw new IllegalArgumentException("refused");
        }, () -> log.add("after failing"));
        CompletableFuture<Integer> third = grouped(3);
        release.countDown();
        assertThat(third.get(10, TimeUnit.SECONDS)).isEqualTo(3);
        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(1);
        assertThatThrownBy(() -> failing.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(IllegalArgumentException.class);
        settled();
        assertThat(log).containsExactly("begin", "work 1", "work 3", "commit", "after 1", "after failing", "after 3");
    }

    @Test
    void aGroupHoldsAtMostTheLimitAndTheRestCommitsNext() throws Exception {
        try (Lanes roomy = new Lanes(1, 2 * Lanes.MAX_GROUP, recording)) {
            CountDownLatch release = new CountDownLatch(1);
            roomy.submit("node", () -> {
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return null;
            });
            List<CompletableFuture<Integer>> futures = IntStream.range(0, Lanes.MAX_GROUP + 3)
                    .mapToObj(n -> roomy.submitGrouped("node", () -> n, () -> { })).toList();
            release.countDown();
            futures.get(futures.size() - 1).get(10, TimeUnit.SECONDS);
        }
        assertThat(log).containsExactly("begin", "commit", "begin", "commit");
        assertThat(log.stream().filter("commit"::equals)).hasSize(2);
    }
}
