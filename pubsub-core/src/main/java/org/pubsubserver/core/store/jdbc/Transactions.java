package org.pubsubserver.core.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.pubsubserver.core.store.GroupCommit;
import org.pubsubserver.core.store.StoreException;

/**
 * Runs store work in one transaction (writes) or on an auto-committing connection (reads). Inside a group
 * ({@link GroupCommit}) opened on the calling thread, reads and writes run on the group's connection instead,
 * each write under a savepoint of its own so that it still takes effect whole or not at all, and the group's
 * one commit makes them all durable.
 */
final class Transactions implements GroupCommit {
    private final DataSource dataSource;
    /** Whether each commit is followed by forcing the database file to disk (H2's storage.sync). */
    private final boolean syncCommits;
    private final ThreadLocal<Group> group = new ThreadLocal<>();
    private final ThreadLocal<List<Runnable>> writing = new ThreadLocal<>();

    /**
     * {@code syncCommits}: after each commit (one per group), before the caller may acknowledge anything, force H2's
     * file to disk ({@code CHECKPOINT SYNC}), so that what was acknowledged also survives a power loss.
     */
    Transactions(DataSource dataSource, boolean syncCommits) {
        this.dataSource = dataSource;
        this.syncCommits = syncCommits;
    }

    <T> T read(String what, SqlWork<T> work) {
        Group grouped = group.get();
        if (grouped != null) {
            try {
                return work.run(grouped.connection);
            } catch (SQLException e) {
                throw failure(what, e);
            }
        }
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            return work.run(connection);
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    /** Commits when {@code work} returns (at the group's commit inside a group), rolls back when it throws. */
    <T> T write(String what, SqlWork<T> work) {
        Group grouped = group.get();
        if (grouped != null) {
            return writeInGroup(grouped, what, work);
        }
        List<Runnable> settled = new ArrayList<>();
        writing.set(settled);
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                sync(connection);
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw failure(what, e);
        } finally {
            writing.remove();
            settled.forEach(Runnable::run);
        }
    }

    /**
     * Whether what the calling thread reads now is committed data only: not so inside a write, nor in a group
     * that has written what a cache holds (see {@link #whenSettled}).
     */
    boolean readsCommitted() {
        Group grouped = group.get();
        return writing.get() == null && (grouped == null || grouped.settled.isEmpty());
    }

    /**
     * Runs {@code action} (a cache invalidation) now and again when the calling thread's transaction ends,
     * committed or not: its write's own, or its group's. Call it from inside a write.
     */
    void whenSettled(Runnable action) {
        action.run();
        Group grouped = group.get();
        List<Runnable> settled = grouped != null ? grouped.settled : writing.get();
        if (settled == null) {
            throw new IllegalStateException("whenSettled outside a write");
        }
        settled.add(action);
    }

    private static <T> T writeInGroup(Group grouped, String what, SqlWork<T> work) {
        Connection connection = grouped.connection;
        try {
            Savepoint before = connection.setSavepoint();
            try {
                T result = work.run(connection);
                connection.releaseSavepoint(before);
                return result;
            } catch (SQLException | RuntimeException e) {
                try {
                    connection.rollback(before);
                } catch (SQLException lost) {
                    // the database rolled the whole transaction back (a deadlock, say): the group's earlier
                    // writes are gone with it, so the group must not commit as if they were kept
                    grouped.poisoned = lost;
                }
                throw e;
            }
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    @Override
    public void begin() {
        if (group.get() != null) {
            throw new IllegalStateException("a group is already open on this thread");
        }
        try {
            Connection connection = dataSource.getConnection();
            try {
                connection.setAutoCommit(false);
            } catch (SQLException e) {
                connection.close();
                throw e;
            }
            group.set(new Group(connection));
        } catch (SQLException e) {
            throw failure("open a group of writes", e);
        }
    }

    @Override
    public void commit() {
        Group grouped = group.get();
        if (grouped == null) {
            throw new IllegalStateException("no group is open on this thread");
        }
        group.remove();
        try (Connection connection = grouped.connection) {
            try {
                if (grouped.poisoned != null) {
                    throw grouped.poisoned;
                }
                for (SqlWork<?> last : grouped.beforeCommit) {
                    last.run(connection);
                }
                connection.commit();
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            }
            sync(connection);
        } catch (SQLException e) {
            throw failure("commit a group of writes", e);
        } finally {
            grouped.settled.forEach(Runnable::run);
            grouped.ended.forEach(Runnable::run);
        }
    }

    /**
     * Whether the calling thread has a group open: then {@code work} runs in its transaction right before its commit
     * (after every write of the group), and true is returned; it may write what the group's writes gathered in one
     * statement. {@code atEnd} runs when the group ends, committed or not. Without a group nothing runs, and false
     * is returned.
     */
    boolean atCommit(SqlWork<?> work, Runnable atEnd) {
        Group grouped = group.get();
        if (grouped == null) {
            return false;
        }
        grouped.beforeCommit.add(work);
        grouped.ended.add(atEnd);
        return true;
    }

    /** After a commit: with {@link #syncCommits}, the file is on disk when this returns. */
    private void sync(Connection connection) throws SQLException {
        if (syncCommits) {
            try (var statement = connection.createStatement()) {
                statement.execute("CHECKPOINT SYNC");
            }
        }
    }

    /**
     * What the calling thread's open group keeps under {@code key} (made by {@code create} at the first call), until
     * the group ends; null when no group is open. For what a group gathers or knows for the rest of it.
     */
    @SuppressWarnings("unchecked")
    <T> T inGroup(Object key, Supplier<T> create) {
        Group grouped = group.get();
        return grouped == null ? null : (T) grouped.attachments.computeIfAbsent(key, k -> create.get());
    }

    /**
     * Fails the calling thread's group as a whole: its commit rolls back and reports {@code why}, so nothing of it
     * is acknowledged (for writes the group made outside any one call, such as batched publishes, that are lost).
     */
    void fail(RuntimeException why) {
        Group grouped = group.get();
        if (grouped != null && grouped.poisoned == null) {
            grouped.poisoned = why.getCause() instanceof SQLException sql ? sql : new SQLException(why.getMessage(), why);
        }
    }

    @Override
    public void nextWork(long submittedNanos) {
        Group grouped = group.get();
        if (grouped != null) {
            grouped.workSubmitted = submittedNanos;
        }
    }

    /**
     * When the calling thread's group's current work was handed over ({@link #nextWork}); null outside a group, or
     * before any {@link #nextWork} of the group.
     */
    Long workSubmitted() {
        Group grouped = group.get();
        return grouped == null || grouped.workSubmitted == Long.MIN_VALUE ? null : grouped.workSubmitted;
    }

    /** What the calling thread's open group keeps under {@code key}; null when there is none, or no group. */
    @SuppressWarnings("unchecked")
    <T> T inGroupIfKept(Object key) {
        Group grouped = group.get();
        return grouped == null ? null : (T) grouped.attachments.get(key);
    }

    /** A group open on a thread: its connection, and what to run when it ends. */
    private static final class Group {
        final Map<Object, Object> attachments = new HashMap<>();
        /** When the group's current work was handed over (see {@link #nextWork}); MIN_VALUE: not told. */
        long workSubmitted = Long.MIN_VALUE;
        final Connection connection;
        final List<Runnable> settled = new ArrayList<>();
        /** Writes that go last into the group's transaction, once, whatever its writes were (see {@link #atCommit}). */
        final List<SqlWork<?>> beforeCommit = new ArrayList<>(1);
        /** What runs when the group ends, committed or not (not cache invalidations: see {@link #readsCommitted}). */
        final List<Runnable> ended = new ArrayList<>(1);
        /** Why the group's transaction was lost, if it was: then it is rolled back, not committed. */
        SQLException poisoned;

        Group(Connection connection) {
            this.connection = connection;
        }
    }

    private static StoreException failure(String what, SQLException e) {
        return new StoreException("store failed to " + what + ": " + e.getMessage(), e);
    }

    @FunctionalInterface
    interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }
}
