package org.pubsubserver.core.store.jdbc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This instance's one listening connection to the shared PostgreSQL, outside the pool, and the thread that waits on
 * it: each channel subscribed to is LISTENed to, and its notifications are handed to its subscriber, in the order
 * PostgreSQL delivers them (commit order), on this thread, with the connection to read back what they name. A
 * connection that drops (or dies silently: it is checked with a query every few seconds) is opened again every
 * {@value #RETRY_MILLIS} ms; notifications sent meanwhile are lost, so each subscriber is told when it listens again.
 */
final class PostgresListener implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresListener.class);
    static final String APPLICATION_NAME = "pubsub-events-listener";
    private static final long RETRY_MILLIS = 2000;
    private static final int WAIT_MILLIS = 500;
    private static final long CHECK_MILLIS = 5000;
    private static final long HOUSEKEEPING_MILLIS = 60_000;

    /** What listens on a channel. Its methods run on the listener's thread. */
    interface Subscriber {
        /** Listening now; {@code again}: after a lost connection, so notifications may have been missed. */
        void listening(Connection connection, boolean again) throws SQLException;

        void notified(Connection connection, List<String> payloads) throws SQLException;

        /** About once a minute, for what the subscriber keeps tidy (old rows). */
        default void housekeeping(Connection connection) throws SQLException {
        }
    }

    private final StorageSettings settings;
    private final DatabaseNames names;
    private final Map<String, Subscription> subscriptions = new ConcurrentHashMap<>();
    private volatile boolean closed;
    private Thread thread;

    PostgresListener(StorageSettings settings, DatabaseNames names) {
        this.settings = settings;
        this.names = names;
    }

    private static final class Subscription {
        final Subscriber subscriber;
        final CountDownLatch listening = new CountDownLatch(1);
        /** Whether the current connection LISTENs to it (set on the listener thread only). */
        boolean listened;
        boolean everListened;

        Subscription(Subscriber subscriber) {
            this.subscriber = subscriber;
        }
    }

    /**
     * Listens to {@code channel} for {@code subscriber} (starting the listener if it is not yet), and returns once
     * it does, or after 30 s with a warning (it goes on trying).
     */
    void subscribe(String channel, Subscriber subscriber) {
        Subscription subscription = new Subscription(subscriber);
        if (subscriptions.putIfAbsent(channel, subscription) != null) {
            throw new IllegalStateException("already listening to " + channel);
        }
        synchronized (this) {
            if (thread == null) {
                thread = new Thread(this::run, names.listenerApplication());
                thread.setDaemon(true);
                thread.start();
            }
        }
        try {
            if (!subscription.listening.await(30, TimeUnit.SECONDS)) {
                LOG.warn("Not yet listening to {} on PostgreSQL after 30 s; going on, still trying", channel);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        boolean down = false;
        long lostAt = 0;
        while (!closed) {
            try (Connection connection = open()) {
                subscriptions.values().forEach(s -> s.listened = false);
                if (down) {
                    LOG.info("Listening again for what the other instances commit (after {} s without)",
                            TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - lostAt));
                    down = false;
                }
                receive(connection);
            } catch (SQLException | RuntimeException e) {
                if (closed) {
                    break;
                }
                if (!down) {
                    LOG.warn("Lost the PostgreSQL connection that tells this instance what the others commit ({});"
                            + " trying again every {} s; meanwhile SSE streams here get no events, and resume from"
                            + " the store once it is back", e.getMessage(), RETRY_MILLIS / 1000);
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
        properties.setProperty("ApplicationName", names.listenerApplication());
        Connection connection = DriverManager.getConnection(settings.url(), properties);
        connection.setAutoCommit(true);
        return connection;
    }

    private void receive(Connection connection) throws SQLException {
        PGConnection postgres = connection.unwrap(PGConnection.class);
        long checked = System.nanoTime();
        long tidied = 0;
        while (!closed) {
            listenToNewChannels(connection);
            PGNotification[] notifications = postgres.getNotifications(WAIT_MILLIS);
            if (notifications != null && notifications.length > 0) {
                dispatch(connection, notifications);
            }
            long now = System.nanoTime();
            if (now - checked > TimeUnit.MILLISECONDS.toNanos(CHECK_MILLIS)) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("SELECT 1"); // throws on a connection that died silently
                }
                checked = now;
            }
            if (tidied == 0 || now - tidied > TimeUnit.MILLISECONDS.toNanos(HOUSEKEEPING_MILLIS)) {
                for (Subscription subscription : subscriptions.values()) {
                    subscription.subscriber.housekeeping(connection);
                }
                tidied = now;
            }
        }
    }

    private void listenToNewChannels(Connection connection) throws SQLException {
        for (Map.Entry<String, Subscription> entry : subscriptions.entrySet()) {
            Subscription subscription = entry.getValue();
            if (subscription.listened) {
                continue;
            }
            try (Statement statement = connection.createStatement()) {
                statement.execute("LISTEN " + entry.getKey());
            }
            subscription.listened = true;
            subscription.subscriber.listening(connection, subscription.everListened);
            subscription.everListened = true;
            subscription.listening.countDown();
        }
    }

    /** Hands each channel its notifications, in the order they came (one batch per run of one channel). */
    private void dispatch(Connection connection, PGNotification[] notifications) throws SQLException {
        String channel = null;
        List<String> payloads = new ArrayList<>();
        for (PGNotification notification : notifications) {
            if (!notification.getName().equals(channel) && !payloads.isEmpty()) {
                deliver(connection, channel, payloads);
                payloads = new ArrayList<>();
            }
            channel = notification.getName();
            payloads.add(notification.getParameter());
        }
        if (!payloads.isEmpty()) {
            deliver(connection, channel, payloads);
        }
    }

    private void deliver(Connection connection, String channel, List<String> payloads) throws SQLException {
        Subscription subscription = subscriptions.get(channel);
        if (subscription != null) {
            subscription.subscriber.notified(connection, payloads);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops listening (within {@value #WAIT_MILLIS} ms: the thread checks between waits). */
    @Override
    public void close() {
        closed = true;
        Thread running;
        synchronized (this) {
            running = thread;
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
