package org.pubsubserver.core.store.jdbc;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.pubsubserver.core.cluster.StanzaRelay;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stanzas relayed through the PostgreSQL store: a thread of this relay's writes each to {@code pubsub_relayed_stanza}
 * and notifies its id on {@value #CHANNEL} in the same statement; every instance reads the rows it is notified of,
 * except its own, on its listening connection. Rows go after {@value #KEPT_SECONDS} s. A stanza relayed while an
 * instance's listening connection is down is not read there (what is relayed answers requests that time out sooner).
 */
final class PostgresStanzaRelay implements StanzaRelay {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresStanzaRelay.class);
    static final String CHANNEL = "pubsub_stanzas";
    private static final int MAX_WAITING = 10_000;
    private static final int KEPT_SECONDS = 60;

    private final DataSource dataSource;
    private final PostgresListener listener;
    private final String channel;
    private final String instance;
    private final ThreadPoolExecutor writer;
    private volatile boolean dropping;

    PostgresStanzaRelay(DataSource dataSource, PostgresListener listener, DatabaseNames names, String instance) {
        this.channel = names.channel(CHANNEL);
        this.dataSource = dataSource;
        this.listener = listener;
        this.instance = instance;
        this.writer = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(MAX_WAITING),
                task -> {
                    Thread thread = new Thread(task, "pubsub-stanza-relay");
                    thread.setDaemon(true);
                    return thread;
                });
    }

    @Override
    public void relay(String stanza) {
        try {
            writer.execute(() -> store(stanza));
        } catch (RejectedExecutionException e) {
            if (!dropping) {
                dropping = true;
                LOG.warn("{} stanzas wait to be relayed to the other instances: dropping more for now", MAX_WAITING);
            }
        }
    }

    private void store(String stanza) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement("WITH relayed AS (INSERT INTO pubsub_relayed_stanza"
                     + " (origin, stanza) VALUES (?, ?) RETURNING id) SELECT pg_notify('" + channel + "', id::text)"
                     + " FROM relayed")) {
            connection.setAutoCommit(true);
            insert.setString(1, instance);
            insert.setString(2, stanza);
            insert.executeQuery().close();
            dropping = false;
        } catch (SQLException e) {
            LOG.warn("Could not relay a stanza to the other instances: {}", e.getMessage());
        }
    }

    @Override
    public void start(Consumer<String> receiver) {
        listener.subscribe(channel, new PostgresListener.Subscriber() {
            @Override
            public void listening(Connection connection, boolean again) {
                // what was relayed meanwhile answered requests that have timed out by now
            }

            @Override
            public void notified(Connection connection, List<String> payloads) throws SQLException {
                Long[] ids = payloads.stream().map(Long::valueOf).toArray(Long[]::new);
                Array idArray = connection.createArrayOf("bigint", ids);
                try (PreparedStatement select = connection.prepareStatement("SELECT stanza FROM pubsub_relayed_stanza"
                        + " WHERE id = ANY(?) AND origin <> ? ORDER BY id")) {
                    select.setArray(1, idArray);
                    select.setString(2, instance);
                    try (ResultSet rows = select.executeQuery()) {
                        while (rows.next()) {
                            deliver(receiver, rows.getString(1));
                        }
                    }
                } finally {
                    idArray.free();
                }
            }

            @Override
            public void housekeeping(Connection connection) throws SQLException {
                try (PreparedStatement delete = connection.prepareStatement("DELETE FROM pubsub_relayed_stanza"
                        + " WHERE created < now() - make_interval(secs => " + KEPT_SECONDS + ")")) {
                    delete.executeUpdate();
                }
            }
        });
    }

    private static void deliver(Consumer<String> receiver, String stanza) {
        try {
            receiver.accept(stanza);
        } catch (RuntimeException e) {
            LOG.warn("A stanza relayed by another instance could not be taken: {}", e.toString());
        }
    }

    /** Stops relaying; what waits is written first, for up to a second. */
    void close() {
        writer.shutdown();
        try {
            writer.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
