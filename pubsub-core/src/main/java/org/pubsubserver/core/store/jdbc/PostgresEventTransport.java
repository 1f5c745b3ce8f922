package org.pubsubserver.core.store.jdbc;

import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.pubsubserver.core.cluster.EventTransport;
import org.pubsubserver.core.cluster.WithoutRecipients;
import org.pubsubserver.core.event.PubSubEvent;
import org.pubsubserver.core.event.wire.EventWireFormat;
import org.pubsubserver.core.event.wire.MalformedEventException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Events between instances through PostgreSQL itself. {@link #send} writes the event (in its {@link EventWireFormat},
 * without recipients) to {@code pubsub_event_outbox} and notifies the channel {@value #CHANNEL} with the row's id, in
 * one statement of the committing transaction: PostgreSQL delivers a notification only if its transaction commits,
 * to every listening session, in commit order; so each instance learns of every committed event, in each node's
 * order (two writers of one node serialize on its counters row), and reads it back by id. No payload limit (only
 * ids are notified).
 *
 * <p>Each instance listens on one connection of its own, outside the pool. When that connection drops, events
 * committed meanwhile are not delivered: the receiver is told ({@link Receiver#onEventsMissed}) once the transport
 * listens again, and retries every {@value #RETRY_MILLIS} ms until then. Rows older than
 * {@value #KEEP_MINUTES} minutes are deleted (by every instance, now and then).
 */
public final class PostgresEventTransport implements EventTransport {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresEventTransport.class);
    static final String CHANNEL = "pubsub_events";
    private static final long RETRY_MILLIS = 2000;
    private static final int WAIT_MILLIS = 500;
    /** How often the listening connection is checked with a query (a dead peer sends no error). */
    private static final long CHECK_MILLIS = 5000;
    private static final long PRUNE_MILLIS = 60_000;
    private static final int KEEP_MINUTES = 5;
    /** The most ids read back in one query. */
    private static final int READ_BATCH = 1000;

    private final Transactions transactions;
    private final StorageSettings settings;
    private final CountDownLatch listening = new CountDownLatch(1);
    private volatile boolean closed;
    private Thread listener;

    PostgresEventTransport(Transactions transactions, StorageSettings settings) {
        this.transactions = transactions;
        this.settings = settings;
    }

    @Override
    public void send(PubSubEvent event) {
        byte[] bytes = EventWireFormat.encode(WithoutRecipients.of(event));
        transactions.write("record event of " + event.node().name(), connection -> {
            try (PreparedStatement record = connection.prepareStatement("WITH row AS (INSERT INTO pubsub_event_outbox"
                    + " (event) VALUES (?) RETURNING id) SELECT pg_notify('" + CHANNEL + "', row.id::text) FROM row")) {
                record.setBytes(1, bytes);
                try (ResultSet ignored = record.executeQuery()) {
                    return null;
                }
            }
        });
    }

    @Override
    public synchronized void start(Receiver receiver) {
        if (listener != null) {
            throw new IllegalStateException("already started");
        }
        listener = new Thread(() -> listen(receiver), "pubsub-events-listener");
        listener.setDaemon(true);
        listener.start();
        try {
            if (!listening.await(30, TimeUnit.SECONDS)) {
                LOG.warn("Not yet listening for other instances' events after 30 s; going on, still trying");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void listen(Receiver receiver) {
        boolean everListened = false;
        boolean down = false;
        long lostAt = 0;
        while (!closed) {
            try (Connection opened = open()) {
                try (Statement statement = opened.createStatement()) {
                    statement.execute("LISTEN " + CHANNEL);
                }
                if (everListened) {
                    LOG.info("Listening again for the events of every instance (after {} s without)",
                            TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - lostAt));
                    receiver.onEventsMissed("the connection for the events of every instance was lost for a while");
                }
                everListened = true;
                down = false;
                listening.countDown();
                receive(opened, receiver);
            } catch (SQLException | RuntimeException e) {
                if (closed) {
                    break;
                }
                if (!down) {
                    LOG.warn("Lost the PostgreSQL connection that tells this instance of committed events ({}); trying"
                            + " again every {} s; meanwhile SSE streams here get no events, and resume from the store"
                            + " once it is back", e.getMessage(), RETRY_MILLIS / 1000);
                    lostAt = System.nanoTime();
                    down = true;
                }
                sleep(RETRY_MILLIS);
            }
        }
    }

    private Connection open() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", settings.user());
        properties.setProperty("password", settings.password());
        properties.setProperty("tcpKeepAlive", "true");
        properties.setProperty("ApplicationName", "pubsub-events-listener");
        Connection opened = DriverManager.getConnection(settings.url(), properties);
        opened.setAutoCommit(true);
        return opened;
    }

    private void receive(Connection connection, Receiver receiver) throws SQLException {
        PGConnection postgres = connection.unwrap(PGConnection.class);
        long checked = System.nanoTime();
        long pruned = 0;
        while (!closed) {
            PGNotification[] notifications = postgres.getNotifications(WAIT_MILLIS);
            if (notifications != null && notifications.length > 0) {
                deliver(connection, notifications, receiver);
            }
            long now = System.nanoTime();
            if (now - checked > TimeUnit.MILLISECONDS.toNanos(CHECK_MILLIS)) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("SELECT 1"); // throws on a connection that died silently
                }
                checked = now;
            }
            if (pruned == 0 || now - pruned > TimeUnit.MILLISECONDS.toNanos(PRUNE_MILLIS)) {
                prune(connection);
                pruned = now;
            }
        }
    }

    /** Reads back the events these notifications name and hands them over, in the notifications' order. */
    private void deliver(Connection connection, PGNotification[] notifications, Receiver receiver) throws SQLException {
        List<Long> ids = new ArrayList<>(notifications.length);
        for (PGNotification notification : notifications) {
            if (CHANNEL.equals(notification.getName())) {
                try {
                    ids.add(Long.parseLong(notification.getParameter()));
                } catch (NumberFormatException e) {
                    LOG.warn("Ignored a notification on {} that names no event: {}", CHANNEL, notification.getParameter());
                }
            }
        }
        for (int from = 0; from < ids.size(); from += READ_BATCH) {
            List<Long> batch = ids.subList(from, Math.min(ids.size(), from + READ_BATCH));
            Map<Long, byte[]> rows = read(connection, batch);
            for (Long id : batch) {
                byte[] bytes = rows.get(id);
                if (bytes == null) {
                    receiver.onEventsMissed("event " + id + " was no longer in the outbox");
                    continue;
                }
                PubSubEvent event;
                try {
                    event = EventWireFormat.decode(bytes);
                } catch (MalformedEventException e) {
                    // another version of the server wrote it (a rolling upgrade): this one cannot apply it
                    LOG.warn("Could not read event {} from another instance ({}); SSE streams here resume from the"
                            + " store", id, e.getMessage());
                    receiver.onEventsMissed("an event in a format this version does not read");
                    continue;
                }
                try {
                    receiver.onEvent(event);
                } catch (RuntimeException e) {
                    LOG.error("Delivering event {} of node {} failed", id, event.node().name(), e);
                }
            }
        }
    }

    private static Map<Long, byte[]> read(Connection connection, List<Long> ids) throws SQLException {
        Map<Long, byte[]> rows = new HashMap<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT id, event FROM pubsub_event_outbox WHERE id = ANY(?)")) {
            Array array = connection.createArrayOf("bigint", ids.toArray());
            select.setArray(1, array);
            try (ResultSet result = select.executeQuery()) {
                while (result.next()) {
                    rows.put(result.getLong(1), result.getBytes(2));
                }
            }
        }
        return rows;
    }

    private static void prune(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            int deleted = statement.executeUpdate("DELETE FROM pubsub_event_outbox WHERE created < now() - interval '"
                    + KEEP_MINUTES + " minutes'");
            if (deleted > 0) {
                LOG.debug("Deleted {} events older than {} minutes from the outbox", deleted, KEEP_MINUTES);
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops listening (within {@value #WAIT_MILLIS} ms: the listener checks between waits). */
    @Override
    public void close() {
        closed = true;
        Thread running;
        synchronized (this) {
            running = listener;
        }
        if (running != null) {
            try {
                running.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
