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
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            laneOf(key).execute(() -> {
                try {
                    result.complete(work.get());
                } catch (Throwable t) {
                    result.completeExceptionally(t);
                } finally {
                    afterwards.run();
                }
            });
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(PubSubException.of(StanzaCondition.RESOURCE_CONSTRAINT,
                    "the service is overloaded or stopping; try again later"));
        }
        return result;
    }

    private ThreadPoolExecutor laneOf(String key) {
        return lanes[Math.floorMod(key.hashCode(), lanes.length)];
    }

    /** Stops taking work, lets queued work finish, and waits up to {@code timeoutMillis} in all. */
    public boolean shutdown(long timeoutMillis) throws InterruptedException {
        for (ThreadPoolExecutor lane : lanes) {
            lane.shutdown();
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        boolean all = true;
        for (ThreadPoolExecutor lane : lanes) {
            all &= lane.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
        return all;
    }

    @Override
    public void close() {
        try {
            if (!shutdown(10_000)) {
                for (ThreadPoolExecutor lane : lanes) {
                    lane.shutdownNow();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
