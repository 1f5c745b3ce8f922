package org.pubsubserver.core.store;

import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.pubsubserver.core.store.jdbc.JdbcStorage;

class H2NodeArchiveTest extends NodeArchiveContract {
    private JdbcStorage storage;

    @Override
    protected NodeStore newStore() {
        storage = JdbcStorage.openInMemory("archive-" + UUID.randomUUID());
        return storage.nodeStore();
    }

    @AfterEach
    void close() {
        storage.close();
    }
}
