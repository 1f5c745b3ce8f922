package org.pubsubserver.core.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;
import org.pubsubserver.core.cluster.SharedPresence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Presence shared through the PostgreSQL store: each instance writes what it saw to {@code pubsub_presence} from a
 * thread of its own (never from the I/O thread that saw it) and notifies the channel {@value #CHANNEL} with the bare
 * JIDs changed, in the same transaction; every instance reads those bare JIDs' rows back on its listening
 * connection, and all rows whenever it starts listening (again). Presence is soft state: past
 * {@value #MAX_PENDING} changes waiting to be written, changes are dropped (and logged).
 */
final class PostgresSharedPresence implements SharedPresence {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresSharedPresence.class);
    static final String CHANNEL = "pubsub_presence";
    private static final int MAX_PENDING = 100_000;
    private static final int BATCH = 500;

    private record Change(String bareJid, String resource, String show) {
    }

    private final DataSource dataSource;
    private final PostgresListener listener;
    private final String channel;
    /** Whether no other instance of the service runs: what the table holds is from before, and stale. */
    private final boolean firstInstance;
    private final Queue<Change> pending = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pendingCount = new AtomicInteger();
    private volatile boolean closed;
    private volatile boolean dropping;
    private Thread writer;

    PostgresSharedPresence(DataSource dataSource, PostgresListener listener, DatabaseNames names, boolean firstInstance) {
        this.channel = names.channel(CHANNEL);
        this.dataSource = dataSource;
        this.listener = listener;
        this.firstInstance = firstInstance;
    }

    @Override
    public void changed(String bareJid, String resource, String show) {
        if (pendingCount.incrementAndGet() > MAX_PENDING) {
            pendingCount.decrementAndGet();
            if (!dropping) {
                dropping = true;
                LOG.warn("Presence changes come faster than the store takes them ({} waiting): dropping them for"
                        + " now; presence-based delivery may miss or reach resources until they send presence again",
                        MAX_PENDING);
            }
            return;
        }
        pending.add(new Change(bareJid, resource, show));
        Thread running = writer;
        if (running != null) {
            LockSupport.unpark(running);
        }
    }

    @Override
    public synchronized void start(Receiver receiver) {
        if (writer != null) {
            throw new IllegalStateException("already started");
        }
        if (firstInstance) {
            forgetStalePresence();
        }
        listener.subscribe(channel, new PostgresListener.Subscriber() {
            @Override
            public void listening(Connection connection, boolean again) throws SQLException {
                receiver.allPresence(readAll(connection));
            }

            @Override
            public void notified(Connection connection, List<String> payloads) throws SQLException {
                for (String bareJid : new LinkedHashSet<>(payloads)) {
                    receiver.presenceOf(bareJid, read(connection, bareJid));
                }
            }
        });
        writer = new Thread(this::write, "pubsub-presence-writer");
        writer.setDaemon(true);
        writer.start();
    }

    private void forgetStalePresence() {
        try (Connection connection = dataSource.getConnection(); var statement = connection.createStatement()) {
            int forgotten = statement.executeUpdate("DELETE FROM pubsub_presence");
            if (forgotten > 0) {
                LOG.info("Forgot {} presences stored before this service started (the first of its instances)",
                        forgotten);
            }
        } catch (SQLException e) {
            LOG.warn("Could not forget the presence stored before this start: {}", e.getMessage());
        }
    }

    private void write() {
        while (!closed) {
            List<Change> batch = new ArrayList<>();
            for (Change change; batch.size() < BATCH && (change = pending.poll()) != null; ) {
                batch.add(change);
            }
            if (batch.isEmpty()) {
                LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(1));
                continue;
            }
            pendingCount.addAndGet(-batch.size());
            dropping = false;
            try {
                store(batch);
            } catch (SQLException e) {
                LOG.warn("Could not store {} presence change(s) for the other instances: {}", batch.size(),
                        e.getMessage());
            }
        }
    }

    private void store(List<Change> batch) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO pubsub_presence"
                    + " (bare_jid, resource, show) VALUES (?, ?, ?) ON CONFLICT (bare_jid, resource)"
                    + " DO UPDATE SET show = EXCLUDED.show, updated = now()");
                 PreparedStatement delete = connection.prepareStatement(
                         "DELETE FROM pubsub_presence WHERE bare_jid = ? AND resource = ?");
                 PreparedStatement notify = connection.prepareStatement("SELECT pg_notify('" + channel + "', ?)")) {
                Set<String> changed = new LinkedHashSet<>();
                for (Change change : batch) {
                    PreparedStatement statement = change.show() == null ? delete : upsert;
                    statement.setString(1, change.bareJid());
                    statement.setString(2, change.resource());
                    if (change.show() != null) {
                        statement.setString(3, change.show());
                    }
                    statement.executeUpdate();
                    changed.add(change.bareJid());
                }
                for (String bareJid : changed) {
                    notify.setString(1, bareJid);
                    notify.executeQuery().close();
                }
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    private static Map<String, String> read(Connection connection, String bareJid) throws SQLException {
        Map<String, String> resources = new HashMap<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT resource, show FROM pubsub_presence WHERE bare_jid = ?")) {
            select.setString(1, bareJid);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    resources.put(rows.getString(1), rows.getString(2));
                }
            }
        }
        return resources;
    }

    private static Map<String, Map<String, String>> readAll(Connection connection) throws SQLException {
        Map<String, Map<String, String>> all = new HashMap<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT bare_jid, resource, show FROM pubsub_presence")) {
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    all.computeIfAbsent(rows.getString(1), bare -> new HashMap<>()).put(rows.getString(2), rows.getString(3));
                }
            }
        }
        return all;
    }

    /** Stops writing; what is still waiting is written first, for up to a second. */
    void close() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        while (!pending.isEmpty() && System.nanoTime() < deadline && writer != null) {
            LockSupport.unpark(writer);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
        closed = true;
        Thread running = writer;
        if (running != null) {
            LockSupport.unpark(running);
            try {
                running.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
