package org.pubsubserver.server.admin;

import java.time.Clock;
import org.pubsubserver.core.engine.Lanes;
import org.pubsubserver.core.engine.PubSubEngine;
import org.pubsubserver.core.event.EventBus;
import org.pubsubserver.core.model.NodeConfig;
import org.pubsubserver.core.store.jdbc.JdbcStorage;
import org.pubsubserver.core.usecase.EngineSettings;
import org.pubsubserver.server.config.ServerConfig;

/**
 * The store opened by the admin command itself, when no server answers on the admin listener: the same engine the
 * server runs, on one lane, with nobody to notify (no link, no streams). On H2 the server must be stopped (the file
 * is its alone while it runs); on PostgreSQL, instances still running there are not told of what this changes.
 */
final class OfflineStore implements AutoCloseable {
    private final JdbcStorage storage;
    private final Lanes lanes;
    private final PubSubEngine engine;

    OfflineStore(ServerConfig config) {
        storage = JdbcStorage.open(config.storage().settings());
        try {
            lanes = new Lanes(1, 1000, storage.nodeStore().groupCommit());
            engine = new PubSubEngine(storage.nodeStore(), new EventBus(), Clock.systemUTC(),
                    new EngineSettings(NodeConfig.defaults(), config.service()), lanes);
        } catch (RuntimeException e) {
            storage.close();
            throw e;
        }
    }

    PubSubEngine engine() {
        return engine;
    }

    JdbcStorage storage() {
        return storage;
    }

    /** Whether other instances may be running on this store (PostgreSQL). */
    boolean shared() {
        return storage.shared();
    }

    @Override
    public void close() {
        lanes.close();
        storage.close();
    }
}
