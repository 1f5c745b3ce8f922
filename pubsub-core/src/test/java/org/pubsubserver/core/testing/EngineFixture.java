package org.pubsubserver.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.pubsubserver.core.access.RosterSource;
import org.pubsubserver.core.access.ServicePolicy;
import org.pubsubserver.core.engine.Lanes;
import org.pubsubserver.core.engine.PubSubEngine;
import org.pubsubserver.core.error.PubSubException;
import org.pubsubserver.core.event.EventBus;
import org.pubsubserver.core.event.PubSubEvent;
import org.pubsubserver.core.model.NodeConfig;
import org.pubsubserver.core.store.NodeStore;
import org.pubsubserver.core.store.jdbc.JdbcStorage;
import org.pubsubserver.core.usecase.ArchiveSettings;
import org.pubsubserver.core.usecase.EngineSettings;

/** An engine on an in-memory H2 store with a settable clock, recording its events; close it after the test. */
public final class EngineFixture implements AutoCloseable {
    public static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

    public final SettableClock clock = new SettableClock(NOW);
    public final PubSubEngine engine;
    private final JdbcStorage storage;
    private final Lanes lanes;
    private final List<PubSubEvent> events = new CopyOnWriteArrayList<>();

    /** The store the engine works on (as {@code wrap} gave it). */
    public final NodeStore store;

    public EngineFixture(ServicePolicy policy, RosterSource rosters) {
        this(policy, rosters, ArchiveSettings.DEFAULTS);
    }

    /** An engine whose nodes keep archives as {@code archive} says. */
    public EngineFixture(ArchiveSettings archive) {
        this(ServicePolicy.open(), RosterSource.NONE, archive);
    }

    public EngineFixture(ServicePolicy policy, RosterSource rosters, ArchiveSettings archive) {
        this(policy, rosters, archive, UnaryOperator.identity());
    }

    /** {@code wrap}: what the engine sees of the store (e.g. a store that counts its calls). */
    public EngineFixture(ServicePolicy policy, RosterSource rosters, UnaryOperator<NodeStore> wrap) {
        this(policy, rosters, ArchiveSettings.DEFAULTS, wrap);
    }

    private EngineFixture(ServicePolicy policy, RosterSource rosters, ArchiveSettings archive,
                          UnaryOperator<NodeStore> wrap) {
        storage = JdbcStorage.openInMemory("engine-" + UUID.randomUUID());
        lanes = new Lanes(2, 100, storage.nodeStore().groupCommit());
        EventBus bus = new EventBus();
        bus.register(events::add);
        store = wrap.apply(storage.nodeStore());
        engine = new PubSubEngine(store, bus, clock,
                new EngineSettings(NodeConfig.defaults(), policy, rosters, archive), lanes);
    }

    public EngineFixture(ServicePolicy policy) {
        this(policy, RosterSource.NONE);
    }

    public EngineFixture() {
        this(ServicePolicy.open());
    }

    public static <T> T await(CompletableFuture<T> future) throws Exception {
        return future.get(5, TimeUnit.SECONDS);
    }

    /** The refusal the request ended with; fails when it succeeded or failed otherwise. */
    public static PubSubException refusal(CompletableFuture<?> future) {
        ExecutionException failure = org.assertj.core.api.Assertions.catchThrowableOfType(ExecutionException.class,
                () -> future.get(5, TimeUnit.SECONDS));
        assertThat(failure).as("the request should have been refused").isNotNull();
        assertThat(failure.getCause()).isInstanceOf(PubSubException.class);
        return (PubSubException) failure.getCause();
    }

    /**
     * The events of a type raised so far. Events go out on the lane just after the request's future completed,
     * so this first runs a no-op through every lane key the test used ({@code nodes}) to let them through.
     */
    public <E extends PubSubEvent> List<E> events(Class<E> type, String... nodes) throws Exception {
        for (String node : nodes) {
            await(engine.findNode(node));
        }
        List<E> found = new ArrayList<>();
        for (PubSubEvent event : events) {
            if (type.isInstance(event)) {
                found.add(type.cast(event));
            }
        }
        return found;
    }

    public void clearEvents() {
        events.clear();
    }

    @Override
    public void close() {
        lanes.close();
        storage.close();
    }
}
