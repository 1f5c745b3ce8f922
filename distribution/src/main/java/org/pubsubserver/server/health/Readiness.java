package org.pubsubserver.server.health;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.pubsubserver.http.admin.HealthCheck;
import org.pubsubserver.xmpp.link.LinkState;

/**
 * {@code GET /health/ready}: the server can serve when its store answers, its component link is up or stands by
 * (another instance holds it: this one serves SSE and takes the link over when it can), and it is not stopping.
 * The store is asked on a thread of its own, never on an event loop, at most once per {@link #STORE_CHECK_EVERY}
 * however often the probe comes, and a store that does not answer within {@link #STORE_TIMEOUT} counts as down.
 */
public final class Readiness implements HealthCheck, AutoCloseable {
    static final Duration STORE_CHECK_EVERY = Duration.ofSeconds(1);
    static final Duration STORE_TIMEOUT = Duration.ofSeconds(3);

    private final DataSource store;
    private final Supplier<LinkState> link;
    private final BooleanSupplier stopping;
    private final LongSupplier nanoClock;
    private final ExecutorService checks = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "pubsub-health");
        thread.setDaemon(true);
        return thread;
    });
    /** The latest store check (in flight or done), and when it started; guarded by this. */
    private CompletableFuture<String> storeCheck;
    private long storeCheckStarted;
    /** The question to the store in flight, if any; guarded by this. */
    private CompletableFuture<String> asking;

    public Readiness(DataSource store, Supplier<LinkState> link, BooleanSupplier stopping) {
        this(store, link, stopping, System::nanoTime);
    }

    Readiness(DataSource store, Supplier<LinkState> link, BooleanSupplier stopping, LongSupplier nanoClock) {
        this.store = store;
        this.link = link;
        this.stopping = stopping;
        this.nanoClock = nanoClock;
    }

    @Override
    public CompletableFuture<List<String>> problems() {
        if (stopping.getAsBoolean()) {
            return CompletableFuture.completedFuture(List.of("the server is stopping"));
        }
        LinkState state = link.get();
        return storeProblem().thenApply(storeProblem -> {
            List<String> problems = new ArrayList<>();
            if (storeProblem != null) {
                problems.add(storeProblem);
            }
            if (state != LinkState.LINKED && state != LinkState.STANDING_BY) {
                problems.add("the component link to the XMPP server is not up (" + state.name().toLowerCase() + ")");
            }
            return problems;
        });
    }

    /**
     * Null when the store answers, else what is wrong; a recent check's result is reused, and while a question to
     * the store hangs no other is asked (its timeout answers meanwhile).
     */
    private synchronized CompletableFuture<String> storeProblem() {
        long now = nanoClock.getAsLong();
        boolean stale = storeCheck == null || now - storeCheckStarted >= STORE_CHECK_EVERY.toNanos();
        if (stale && (asking == null || asking.isDone())) {
            storeCheckStarted = now;
            asking = CompletableFuture.supplyAsync(this::askStore, checks);
            storeCheck = asking.copy().completeOnTimeout("the store did not answer within "
                    + STORE_TIMEOUT.toSeconds() + " s", STORE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
        return storeCheck;
    }

    private String askStore() {
        try (Connection connection = store.getConnection()) {
            return connection.isValid((int) STORE_TIMEOUT.toSeconds()) ? null : "the store does not answer";
        } catch (SQLException e) {
            return "the store cannot be reached: " + e.getMessage();
        }
    }

    @Override
    public void close() {
        checks.shutdownNow();
    }
}
