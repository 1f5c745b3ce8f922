package org.pubsubserver.core.store.jdbc;

import org.junit.jupiter.api.AfterEach;
import org.pubsubserver.core.store.NodeArchiveContract;
import org.pubsubserver.core.store.NodeStore;

/** The node archives on PostgreSQL (scripts/test-servers.sh's). */
class PostgresNodeArchiveTest extends NodeArchiveContract {
    private StorageSettings settings;
    private JdbcStorage storage;

    @Override
    protected NodeStore newStore() {
        settings = TestPostgres.freshSchema();
        storage = JdbcStorage.open(settings);
        return storage.nodeStore();
    }

    @AfterEach
    void close() {
        storage.close();
        TestPostgres.dropSchema(settings);
    }
}
