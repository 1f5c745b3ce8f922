package org.pubsubserver.core.store.jdbc;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * order (two writers of one node serialize on its counters row), and reads it back by id on its listening
 * connection ({@link PostgresListener}). No payload limit (only ids are notified). When that connection was lost,
 * the receiver is told ({@link Receiver#onEventsMissed}) once it listens again. Rows older than
 * {@value #KEEP_MINUTES} minutes are deleted (by every instance, now and then).
 */
public final class PostgresEventTransport implements EventTransport {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresEventTransport.class);
    static final String CHANNEL = "pubsub_events";
    private static final int KEEP_MINUTES = 5;
    /** The most events written (and ids notified: a payload holds at most 8000 bytes) in one statement. */
    private static final int NOTIFY_BATCH = 400;
    /** The most ids read back in one query. */
    private static final int READ_BATCH = 1000;

    private final Transactions transactions;
    private final PostgresListener listener;
    private final String channel;
    /** The events of the calling thread's open group of writes, written at its commit. */
    private final ThreadLocal<List<byte[]>> gathering = new ThreadLocal<>();

    PostgresEventTransport(Transactions transactions, PostgresListener listener, DatabaseNames names) {
        this.channel = names.channel(CHANNEL);
        this.transactions = transactions;
        this.listener = listener;
    }

    /**
     * Inside a group of writes the events are gathered and written at its commit, all in one statement with one
     * notification that names them all; outside one, the event is written at once.
     */
    @Override
    public void send(PubSubEvent event) {
        byte[] bytes = EventWireFormat.encode(WithoutRecipients.of(event));
        List<byte[]> gathered = gathering.get();
        if (gathered != null) {
            gathered.add(bytes);
            return;
        }
        List<byte[]> first = new ArrayList<>();
        first.add(bytes);
        if (transactions.atCommit(connection -> {
            record(connection, first);
            return null;
        }, gathering::remove)) {
            gathering.set(first);
            return;
        }
        transactions.write("record event of " + event.node().name(), connection -> {
            record(connection, first);
            return null;
        });
    }

    /** Writes the events in order and notifies their ids, in one statement per {@value #NOTIFY_BATCH}. */
    private void record(Connection connection, List<byte[]> events) throws SQLException {
        for (int from = 0; from < events.size(); from += NOTIFY_BATCH) {
            List<byte[]> batch = events.subList(from, Math.min(events.size(), from + NOTIFY_BATCH));
            try (PreparedStatement record = connection.prepareStatement("WITH rows AS (INSERT INTO pubsub_event_outbox"
                    + " (event) SELECT e FROM unnest(?::bytea[]) WITH ORDINALITY AS t(e, n) ORDER BY n RETURNING id)"
                    + " SELECT pg_notify('" + channel + "', string_agg(id::text, ',' ORDER BY id)) FROM rows")) {
                record.setArray(1, connection.createArrayOf("bytea", batch.toArray(new byte[0][])));
                try (ResultSet ignored = record.executeQuery()) {
                    // the notification is sent at the commit
                }
            }
        }
    }

    @Override
    public void start(Receiver receiver) {
        listener.subscribe(channel, new PostgresListener.Subscriber() {
            @Override
            public void listening(Connection connection, boolean again) {
                if (again) {
                    receiver.onEventsMissed("the connection for the events of every instance was lost for a while");
                }
            }

            @Override
            public void notified(Connection connection, List<String> payloads) throws SQLException {
                deliver(connection, payloads, receiver);
            }

            @Override
            public void housekeeping(Connection connection) throws SQLException {
                prune(connection);
            }
        });
    }

    /** Reads back the events these notifications name and hands them over, in the notifications' order. */
    private static void deliver(Connection connection, List<String> payloads, Receiver receiver) throws SQLException {
        List<Long> ids = new ArrayList<>(payloads.size());
        for (String payload : payloads) {
            for (String id : payload.split(",")) {
                try {
                    ids.add(Long.parseLong(id));
                } catch (NumberFormatException e) {
                    LOG.warn("Ignored a notification on {} that names no event: {}", PostgresEventTransport.CHANNEL, payload);
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
}
