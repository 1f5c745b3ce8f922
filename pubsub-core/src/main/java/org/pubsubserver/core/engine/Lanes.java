package org.pubsubserver.core.engine;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.pubsubserver.core.error.PubSubException;
import org.pubsubserver.core.error.StanzaCondition;

/**
 * Ordered lanes: work for one node always runs on the same single thread, in submission order, so
 * operations on a node are serialized without locks while different nodes run in parallel. Each lane's
 * queue is bounded; a full lane refuses work with {@code resource-constraint} instead of blocking the caller.
 */
public final class Lanes implements AutoCloseable {
    private final ThreadPoolExecutor[] lanes;

    public Lanes(int count, int queueCapacity) {
        if (count < 1 || queueCapacity < 1) {
            throw new IllegalArgumentException("lanes and queue capacity must be positive");
        }
        lanes = new ThreadPoolExecutor[count];
        for (int i = 0; i < count; i++) {
            String name = "pubsub-lane-" + i;
            lanes[i] = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(queueCapacity),
                    runnable -> new Thread(runnable, name));
        }
    }

    /** Runs {@code work} on the lane of {@code key}; the future completes on that lane. */
    public <T> CompletableFuture<T> submit(String key, Supplier<T> work) {
        return submit(key, work, () -> { });
    }

    /**
     * Runs {@code work} on the lane of {@code key} and completes the future there; then, still on the lane
     * and whatever the outcome, runs {@code afterwards}.
     */
    public <T> CompletableFuture<T> submit(String key, Supplier<T> work, Runnable afterwards) {
        LaneTask<T> task = new LaneTask<>(work, afterwards);
        try {
            laneOf(key).execute(task);
        } catch (RejectedExecutionException e) {
            task.refuse();
        }
        return task.result;
    }

    private ThreadPoolExecutor laneOf(String key) {
        return lanes[Math.floorMod(key.hashCode(), lanes.length)];
    }

    /**
     * Stops taking work and lets queued work finish for up to {@code timeoutMillis}; work still queued
     * then is dropped and its futures fail with {@code resource-constraint}. Returns whether all finished.
     */
    public boolean shutdown(long timeoutMillis) throws InterruptedException {
        for (ThreadPoolExecutor lane : lanes) {
            lane.shutdown();
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        boolean all = true;
        for (ThreadPoolExecutor lane : lanes) {
            all &= lane.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
        if (!all) {
            for (ThreadPoolExecutor lane : lanes) {
                for (Runnable dropped : lane.shutdownNow()) {
                    ((LaneTask<?>) dropped).refuse();
                }
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

    /** One piece of work with its future. */
    private static final class LaneTask<T> implements Runnable {
        final CompletableFuture<T> result = new CompletableFuture<>();
        private final Supplier<T> work;
        private final Runnable afterwards;

        LaneTask(Supplier<T> work, Runnable afterwards) {
            this.work = work;
            this.afterwards = afterwards;
        }

        @Override
        public void run() {
            try {
                result.complete(work.get());
            } catch (Throwable t) {
                result.completeExceptionally(t);
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
