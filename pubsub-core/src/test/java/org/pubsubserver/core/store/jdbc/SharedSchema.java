package org.pubsubserver.core.store.jdbc;

import java.util.ArrayList;
import java.util.List;

/**
 * A fresh schema of the test PostgreSQL and the instances of the server opened on it (each a {@link JdbcStorage}),
 * for one test: close it after the test, which closes them and drops the schema.
 */
final class SharedSchema implements AutoCloseable {
    final StorageSettings settings = TestPostgres.freshSchema();
    private final List<JdbcStorage> opened = new ArrayList<>();

    /** Another instance on the schema. */
    JdbcStorage openInstance() {
        JdbcStorage storage = JdbcStorage.open(settings);
        opened.add(storage);
        return storage;
    }

    @Override
    public void close() {
        opened.forEach(JdbcStorage::close);
        TestPostgres.dropSchema(settings);
    }
}
