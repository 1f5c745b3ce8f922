package org.pubsubserver.core.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.pubsubserver.core.error.PubSubException;
import org.pubsubserver.core.error.StanzaCondition;
import org.pubsubserver.core.store.GroupCommit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ordered lanes: work for one node always runs on the same single thread, in submission order, so
 * operations on a node are serialized without locks while different nodes run in parallel. Each lane's
 * queue is bounded; a full lane refuses work with {@code resource-constraint} instead of blocking the caller.
 *
 * <p>Group commit: work submitted as grouped that is waiting in a lane's queue runs back to back in one
 * {@link GroupCommit} group, up to {@value #MAX_GROUP} at a time, and the group is committed once; only
 * then are the futures completed and the follow-ups run, in submission order. One file write then makes a
 * whole queue of publishes durable, and nothing is acknowledged before its commit. A lone request is a
 * group of one: nothing waits for more to come.
 *
 * <p>Groups span lanes: one group is open at a time (the lanes take turns), and the lane whose turn it is also
 * takes into its group the grouped work of every lane waiting for the turn (the task that lane holds and the
 * grouped work queued right behind it), commits them all once, and settles them in order, before that lane goes
 * on. So publishes to four nodes on four lanes make one commit, as publishes to one node do, instead of four
 * commits a quarter the size that H2 and PostgreSQL each pay for in full; and H2's writers no longer retry each
 * other's page updates (four lanes writing at once cost 2.5 times the CPU per publish of one). Work that is not
 * grouped (reads, lone writes) and what follows a commit (replies, notifications) still run on every lane at once.
 */
public final class Lanes implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Lanes.class);
    /** The most grouped tasks in one commit. */
    static final int MAX_GROUP = 256;

    private final Lane[] lanes;
    private final GroupCommit groupCommit;
    /** Held by the lane whose group is open, from its begin to its commit; fair, so lanes take turns. */
    private final ReentrantLock turn = new ReentrantLock(true);
    private volatile boolean stopping;
    private volatile boolean abandoning;

    /** Lanes whose work commits call by call. */
    public Lanes(int count, int queueCapacity) {
        this(count, queueCapacity, GroupCommit.NONE);
    }

    public Lanes(int count, int queueCapacity, GroupCommit groupCommit) {
        if (count < 1 || queueCapacity < 1) {
            throw new IllegalArgumentException("lanes and queue capacity must be positive");
        }
        this.groupCommit = groupCommit;
        lanes = new Lane[count];
        for (int i = 0; i < count; i++) {
            lanes[i] = new Lane("pubsub-lane-" + i, queueCapacity);
            lanes[i].start();
        }
    }

    /** How many lanes there are. */
    public int count() {
        return lanes.length;
    }

    /** The requests waiting on lane {@code lane} (0 to {@link #count()} - 1) now, not counting the one it runs. */
    public int queued(int lane) {
        return lanes[lane].queued.get();
    }

    /** Runs {@code work} on the lane of {@code key}; the future completes on that lane. */
    public <T> CompletableFuture<T> submit(String key, Supplier<T> work) {
        return submit(key, work, () -> { });
    }

    /**
     * Runs {@code work} on the lane of {@code key} and completes the future there; then, still on the lane
     * and whatever the outcome, runs {@code afterwards}. The work runs alone: whatever it does on the lane
     * (beyond the store) happens after every earlier task has committed and completed.
     */
    public <T> CompletableFuture<T> submit(String key, Supplier<T> work, Runnable afterwards) {
        return enqueue(key, new LaneTask<>(work, afterwards, false));
    }

    /**
     * As {@link #submit(String, Supplier, Runnable)}, for work whose only effects before its future completes
     * are store calls: it may share a commit with the grouped work queued next to it. The future completes,
     * and {@code afterwards} runs, after that commit; if the commit fails, the future fails with it and
     * {@code afterwards} does not run, since nothing of the work was kept.
     */
    public <T> CompletableFuture<T> submitGrouped(String key, Supplier<T> work, Runnable afterwards) {
        return enqueue(key, new LaneTask<>(work, afterwards, true));
    }

    private <T> CompletableFuture<T> enqueue(String key, LaneTask<T> task) {
        Lane lane = lanes[Math.floorMod(key.hashCode(), lanes.length)];
        if (stopping || !lane.offer(task)) {
            task.refuse();
        } else if (lane.exited && lane.queue.remove(task)) {
            // queued just as the lane made its last round: refused here, so it is neither run nor left waiting
            task.refuse();
        }
        return task.result;
    }

    /**
     * Stops taking work and lets queued work finish for up to {@code timeoutMillis}; work still queued
     * then is dropped and its futures fail with {@code resource-constraint}. Returns whether all finished.
     */
    public boolean shutdown(long timeoutMillis) throws InterruptedException {
        stopping = true;
        for (Lane lane : lanes) {
            LockSupport.unpark(lane);
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        boolean all = true;
        for (Lane lane : lanes) {
            lane.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            all &= !lane.isAlive();
        }
        if (!all) {
            abandoning = true;
            for (Lane lane : lanes) {
                LockSupport.unpark(lane);
                lane.join(1000);
            }
        }
        return all;
    }

    @Override
    public void close() {
        try {
            shutdown(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * One lane: a thread and its queue. The queue is lock-free (an I/O thread that hands work over never
     * waits for a lock the lane holds), bounded by a count, and the lane parks while it is empty.
     */
    private final class Lane extends Thread {
        final Queue<LaneTask<?>> queue = new ConcurrentLinkedQueue<>();
        /** Set before the lane's last round of refusals, after which it takes nothing more. */
        volatile boolean exited;
        /** The grouped task this lane holds while it waits for the turn; the lane with the turn may take it. */
        volatile LaneTask<?> waiting;
        /**
         * Set, under the turn, by the lane that took {@link #waiting} into its group; completed once that lane has
         * settled what it took, after which this lane goes on.
         */
        CompletableFuture<Void> taken;
        private final AtomicInteger queued = new AtomicInteger();
        private final int capacity;

        Lane(String name, int capacity) {
            super(name);
            this.capacity = capacity;
        }

        /** Queues the task unless the lane is full. */
        boolean offer(LaneTask<?> task) {
            if (queued.incrementAndGet() > capacity) {
                queued.decrementAndGet();
                return false;
            }
            queue.add(task);
            LockSupport.unpark(this);
            return true;
        }

        private LaneTask<?> poll() {
            LaneTask<?> task = queue.poll();
            if (task != null) {
                queued.decrementAndGet();
            }
            return task;
        }

        @Override
        public void run() {
            while (true) {
                Thread.interrupted(); // a task that left its interrupt set must not make the lane spin
                LaneTask<?> next = poll();
                if (abandoning) {
                    exited = true;
                    refuseAll(next);
                    return;
                }
                if (next == null) {
                    if (stopping) {
                        break;
                    }
                    LockSupport.park(this); // offer and shutdown unpark it
                    continue;
                }
                try {
                    if (next.grouped) {
                        runGroupInTurn(next);
                    } else {
                        next.runAlone();
                    }
                } catch (RuntimeException | Error e) {
                    // a follow-up (listeners, replies) failed: the lane goes on with the next task
                    LOG.error("Work on {} failed after its outcome was settled", getName(), e);
                }
            }
            exited = true;
            refuseAll(null);
        }

        /**
         * Waits for the turn holding {@code first}; then runs the group, unless the lane that had the turn before
         * took {@code first} into its own: then waits until that lane has settled it.
         */
        private void runGroupInTurn(LaneTask<?> first) {
            waiting = first;
            turn.lock();
            if (waiting == null) {
                CompletableFuture<Void> settled = taken;
                taken = null;
                turn.unlock();
                settled.join();
                return;
            }
            waiting = null;
            runGroup(first);
        }

        /**
         * {@code first} and the grouped tasks queued right behind it, then those of the lanes waiting for the turn,
         * in one commit; called holding the turn, which it gives up once committed.
         */
        private void runGroup(LaneTask<?> first) {
            List<LaneTask<?>> group = new ArrayList<>();
            List<Lent> lent = new ArrayList<>();
            Throwable commitFailure = null;
            try {
                try {
                    groupCommit.begin();
                } catch (Throwable e) {
                    first.result.completeExceptionally(e);
                    return;
                }
                runInGroup(first, group);
                drainGrouped(this, group);
                for (Lane other : lanes) {
                    LaneTask<?> held = other.waiting;
                    if (other == this || held == null || group.size() >= MAX_GROUP || abandoning) {
                        continue;
                    }
                    other.waiting = null;
                    Lent lender = new Lent(group.size());
                    other.taken = lender.settled;
                    lent.add(lender);
                    runInGroup(held, group);
                    drainGrouped(other, group);
                    lender.to = group.size();
                }
                try {
                    groupCommit.commit();
                } catch (Throwable e) {
                    commitFailure = e;
                }
            } finally {
                turn.unlock();
            }
            try {
                settle(group, 0, lent.isEmpty() ? group.size() : lent.get(0).from, commitFailure);
                for (Lent lender : lent) {
                    settle(group, lender.from, lender.to, commitFailure);
                    lender.settled.complete(null);
                }
            } finally {
                lent.forEach(lender -> lender.settled.complete(null)); // a lender never waits for good
            }
        }


        /** Runs {@code task} in the open group, noting it there. */
        private void runInGroup(LaneTask<?> task, List<LaneTask<?>> group) {
            group.add(task);
            groupCommit.nextWork(task.submitted);
            task.runInGroup();
        }

        /** Adds the grouped tasks at the head of {@code lane}'s queue to the group, in order. */
        private void drainGrouped(Lane lane, List<LaneTask<?>> group) {
            while (group.size() < MAX_GROUP && lane.queue.peek() != null && lane.queue.peek().grouped && !abandoning) {
                runInGroup(lane.poll(), group);
            }
        }

        /** Settles the group's tasks from {@code from} to {@code to}, in order. */
        private void settle(List<LaneTask<?>> group, int from, int to, Throwable commitFailure) {
            for (int i = from; i < to; i++) {
                try {
                    group.get(i).finish(commitFailure);
                } catch (RuntimeException | Error e) {
                    // one task's follow-up failed: the others of the group still settle
                    LOG.error("Work on {} failed after its outcome was settled", getName(), e);
                }
            }
        }

        private void refuseAll(LaneTask<?> taken) {
            if (taken != null) {
                taken.refuse();
            }
            for (LaneTask<?> task; (task = poll()) != null; ) {
                task.refuse();
            }
        }
    }

    /** What a group took from a waiting lane: its tasks' places in the group, and that lane's wait. */
    private static final class Lent {
        final CompletableFuture<Void> settled = new CompletableFuture<>();
        final int from;
        int to;

        Lent(int from) {
            this.from = from;
            this.to = from;
        }
    }

    /** One piece of work with its future. */
    private static final class LaneTask<T> {
        final CompletableFuture<T> result = new CompletableFuture<>();
        final boolean grouped;
        private final Supplier<T> work;
        private final Runnable afterwards;
        private T value;
        private Throwable failure;

        /** When it was handed to the lanes ({@link System#nanoTime}). */
        final long submitted = System.nanoTime();

        LaneTask(Supplier<T> work, Runnable afterwards, boolean grouped) {
            this.work = work;
            this.afterwards = afterwards;
            this.grouped = grouped;
        }

        void runAlone() {
            try {
                result.complete(work.get());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            } finally {
                afterwards.run();
            }
        }

        /** Runs the work inside the open group; its outcome is told by {@link #finish}. */
        void runInGroup() {
            try {
                value = work.get();
            } catch (Throwable t) {
                failure = t;
            }
        }

        void finish(Throwable commitFailure) {
            if (commitFailure != null) {
                result.completeExceptionally(failure != null ? failure : commitFailure);
                return;
            }
            try {
                if (failure != null) {
                    result.completeExceptionally(failure);
                } else {
                    result.complete(value);
                }
            } finally {
                afterwards.run();
            }
        }

        void refuse() {
            result.completeExceptionally(PubSubException.of(StanzaCondition.RESOURCE_CONSTRAINT,
                    "the service is overloaded or stopping; try again later"));
        }
    }
}
