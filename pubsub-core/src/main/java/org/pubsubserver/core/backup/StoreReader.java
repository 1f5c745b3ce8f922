package org.pubsubserver.core.backup;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.pubsubserver.core.store.jdbc.ConfigCodec;

/**
 * Reads a whole store in one {@link Snapshot} and tells it to a {@link StoreSink}, a page at a time: nodes by id,
 * each node's items by sequence, so that memory stays small whatever the store holds. The snapshot's first
 * statement counts the nodes and items, for the header and the progress bar.
 */
final class StoreReader {
    static final int FORMAT_VERSION = 1;
    private static final int NODE_PAGE = 100;
    private static final int ITEM_PAGE = 500;
    private static final int FETCH = 500;

    private final Clock clock;
    private final String softwareVersion;

    StoreReader(Clock clock, String softwareVersion) {
        this.clock = clock;
        this.softwareVersion = softwareVersion;
    }

    /** Tells {@code sink} the whole store of {@code source}, as one snapshot; the progress hears of each item and node. */
    BackupSummary read(DataSource source, StoreSink sink, BackupProgress progress) throws SQLException {
        try (Connection connection = source.getConnection(); Snapshot snapshot = new Snapshot(connection)) {
            long nodes;
            long items;
            try (Statement count = connection.createStatement();
                 ResultSet rows = count.executeQuery(
                         "SELECT (SELECT COUNT(*) FROM pubsub_node), (SELECT COUNT(*) FROM pubsub_item)")) {
                rows.next();
                nodes = rows.getLong(1);
                items = rows.getLong(2);
            }
            progress.started(nodes, items);
            sink.begin(new StoreSink.Header(FORMAT_VERSION, softwareVersion, clock.instant(), nodes, items));
            long[] carried = new long[4];
            long after = Long.MIN_VALUE;
            List<Long> page;
            do {
                page = new ArrayList<>(NODE_PAGE);
                List<StoreSink.NodeRow> rows = new ArrayList<>(NODE_PAGE);
                try (PreparedStatement select = connection.prepareStatement(
                        "SELECT n.id, n.name, n.creator, n.created, n.config,"
                                + " s.last_seq, s.removed_seq, s.lost_seq, s.item_count, n.parent"
                                + " FROM pubsub_node n LEFT JOIN pubsub_node_state s ON s.node_id = n.id"
                                + " WHERE n.id > ? ORDER BY n.id FETCH FIRST " + NODE_PAGE + " ROWS ONLY")) {
                    select.setLong(1, after);
                    try (ResultSet found = select.executeQuery()) {
                        while (found.next()) {
                            page.add(found.getLong(1));
                            rows.add(new StoreSink.NodeRow(found.getString(2), found.getString(3),
                                    found.getObject(4, OffsetDateTime.class).toInstant(),
                                    ConfigCodec.decode(found.getString(5)), found.getLong(6), found.getLong(7),
                                    found.getLong(8), found.getInt(9), found.getString(10)));
                        }
                    }
                }
                for (int i = 0; i < page.size(); i++) {
                    carried[1] += readNode(connection, page.get(i), rows.get(i), sink, progress);
                    carried[0]++;
                }
                if (!page.isEmpty()) {
                    after = page.get(page.size() - 1);
                }
            } while (page.size() == NODE_PAGE);
            carried[2] = readRedirects(connection, sink);
            carried[3] = readRetired(connection, sink);
            sink.end();
            return new BackupSummary(carried[0], carried[1], carried[2], carried[3]);
        }
    }

    /** Tells the node, its affiliations, subscriptions and items; returns how many items. */
    private static long readNode(Connection connection, long id, StoreSink.NodeRow node, StoreSink sink,
                                 BackupProgress progress) throws SQLException {
        sink.node(node);
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT jid, affiliation FROM pubsub_affiliation WHERE node_id = ? ORDER BY jid")) {
            select.setFetchSize(FETCH);
            select.setLong(1, id);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    sink.affiliation(new StoreSink.AffiliationRow(rows.getString(1), rows.getString(2)));
                }
            }
        }
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT subid, jid, state, options FROM pubsub_subscription WHERE node_id = ? ORDER BY subid")) {
            select.setFetchSize(FETCH);
            select.setLong(1, id);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    sink.subscription(new StoreSink.SubscriptionRow(rows.getString(1), rows.getString(2),
                            rows.getString(3), ConfigCodec.decode(rows.getString(4))));
                }
            }
        }
        long items = 0;
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT seq, item_id, publisher, published, payload FROM pubsub_item"
                        + " WHERE node_id = ? AND seq > ? ORDER BY seq FETCH FIRST " + ITEM_PAGE + " ROWS ONLY")) {
            long after = Long.MIN_VALUE;
            int read;
            do {
                read = 0;
                select.setLong(1, id);
                select.setLong(2, after);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        after = rows.getLong(1);
                        sink.item(new StoreSink.ItemRow(after, rows.getString(2), rows.getString(3),
                                rows.getObject(4, OffsetDateTime.class).toInstant(), rows.getString(5)));
                        progress.item();
                        read++;
                    }
                }
                items += read;
            } while (read == ITEM_PAGE);
        }
        // the archive by windows of places from its oldest: on H2 a page "after seq N" in key order reads the node's
        // rows from its first
        long oldest = node.lastSeq();
        try (PreparedStatement first = connection.prepareStatement("SELECT seq FROM pubsub_archive"
                + " WHERE node_id = ? AND seq > ? ORDER BY node_id, seq FETCH FIRST 1 ROWS ONLY")) {
            first.setLong(1, id);
            first.setLong(2, Long.MIN_VALUE);
            try (ResultSet rows = first.executeQuery()) {
                if (rows.next()) {
                    oldest = rows.getLong(1) - 1;
                }
            }
        }
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT seq, item_id, publisher, published, payload FROM pubsub_archive"
                        + " WHERE node_id = ? AND seq > ? AND seq <= ? ORDER BY seq")) {
            for (long from = oldest; from < node.lastSeq(); from += ITEM_PAGE) {
                select.setLong(1, id);
                select.setLong(2, from);
                select.setLong(3, from + ITEM_PAGE);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        sink.archived(new StoreSink.ItemRow(rows.getLong(1), rows.getString(2), rows.getString(3),
                                rows.getObject(4, OffsetDateTime.class).toInstant(), rows.getString(5)));
                    }
                }
            }
        }
        sink.endNode();
        progress.node(node.name());
        return items;
    }

    private static long readRedirects(Connection connection, StoreSink sink) throws SQLException {
        long count = 0;
        try (Statement select = connection.createStatement()) {
            select.setFetchSize(FETCH);
            try (ResultSet rows = select.executeQuery("SELECT name, uri FROM pubsub_node_redirect ORDER BY name")) {
                while (rows.next()) {
                    sink.redirect(new StoreSink.RedirectRow(rows.getString(1), rows.getString(2)));
                    count++;
                }
            }
        }
        return count;
    }

    private static long readRetired(Connection connection, StoreSink sink) throws SQLException {
        long count = 0;
        try (Statement select = connection.createStatement()) {
            select.setFetchSize(FETCH);
            try (ResultSet rows = select.executeQuery("SELECT name, last_seq FROM pubsub_node_retired ORDER BY name")) {
                while (rows.next()) {
                    sink.retired(new StoreSink.RetiredRow(rows.getString(1), rows.getLong(2)));
                    count++;
                }
            }
        }
        return count;
    }
}
