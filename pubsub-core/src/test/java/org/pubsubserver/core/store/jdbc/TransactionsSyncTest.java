package org.pubsubserver.core.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/**
 * storage.sync (DESIGN.md, "Storage"): with it, the H2 file is forced to disk once per commit, a group's or a lone
 * write's, before the store call returns and so before any reply leaves; without it, never.
 */
class TransactionsSyncTest {
    private final List<String> events = new CopyOnWriteArrayList<>();

    @Test
    void withSyncAGroupOfWritesIsForcedToDiskOnceAfterItsOneCommit() {
        Transactions transactions = new Transactions(recording(), true);
        transactions.begin();
        for (int i = 0; i < 3; i++) {
            transactions.write("insert", connection -> insert(connection));
        }
        transactions.commit();
        assertThat(events.stream().filter(e -> e.equals("commit") || e.equals("CHECKPOINT SYNC")))
                .containsExactly("commit", "CHECKPOINT SYNC");
    }

    @Test
    void withSyncALoneWriteIsForcedToDiskAfterItsCommit() {
        Transactions transactions = new Transactions(recording(), true);
        transactions.write("insert", connection -> insert(connection));
        assertThat(events.stream().filter(e -> e.equals("commit") || e.equals("CHECKPOINT SYNC")))
                .containsExactly("commit", "CHECKPOINT SYNC");
    }

    @Test
    void withoutSyncNothingIsForced() {
        Transactions transactions = new Transactions(recording(), false);
        transactions.begin();
        transactions.write("insert", connection -> insert(connection));
        transactions.commit();
        transactions.write("insert", connection -> insert(connection));
        assertThat(events).contains("commit").doesNotContain("CHECKPOINT SYNC");
    }

    private static Integer insert(Connection connection) throws java.sql.SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS t (x INT)");
            return statement.executeUpdate("INSERT INTO t VALUES (1)");
        }
    }

    /** An H2 file database whose connections record their commits and the statements they execute. */
    private DataSource recording() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:sync-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        h2.setUser("sa");
        return (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                    Object result = invoke(h2, method, args);
                    return method.getName().equals("getConnection") ? recordingConnection((Connection) result) : result;
                });
    }

    private Connection recordingConnection(Connection connection) {
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("commit")) {
                        events.add("commit");
                    }
                    Object result = invoke(connection, method, args);
                    return method.getName().equals("createStatement") ? recordingStatement((Statement) result) : result;
                });
    }

    private Statement recordingStatement(Statement statement) {
        return (Statement) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Statement.class},
                (proxy, method, args) -> {
                    if (method.getName().startsWith("execute") && args != null && args[0] instanceof String sql) {
                        events.add(sql);
                    }
                    return invoke(statement, method, args);
                });
    }

    private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
