package org.pubsubserver.core.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import org.pubsubserver.core.model.ArchivePage;
import org.pubsubserver.core.model.ArchiveQuery;
import org.pubsubserver.core.model.Item;
import org.pubsubserver.core.model.Node;

/**
 * The node archives part of {@link JdbcNodeStore}: rows of {@code pubsub_archive}, one per item published to a node
 * whose archive is on, written by {@link Items} (and a group's {@link NodeBatch}es) in the publish's transaction, read
 * by place in the node's sequence (the table's key), trimmed from the oldest end.
 */
final class Archive {
    /** Inserts an archive row; bind each with {@link ItemSql#bindInsert} (the same columns as an item's). */
    static final String INSERT = "INSERT INTO pubsub_archive (" + ItemSql.COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?)";

    private final Transactions transactions;

    Archive(Transactions transactions) {
        this.transactions = transactions;
    }

    /** Adds {@code rows} to the node's archive, in the caller's transaction. */
    static void insert(Connection connection, List<Item> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
            for (Item row : rows) {
                ItemSql.bindInsert(insert, row);
            }
            insert.executeBatch();
        }
    }

    Optional<ArchivePage> page(Node node, ArchiveQuery query) {
        return transactions.read("the archive of " + node.name(), connection -> {
            if (!allArchived(connection, node, query.mustExist())) {
                return Optional.empty();
            }
            if (query.max() == 0) {
                return Optional.of(new ArchivePage(List.of(), false));
            }
            // "ORDER BY node_id, seq" lets H2 walk the key's index in either direction, never sort the node's rows
            StringBuilder sql = new StringBuilder("SELECT ").append(ItemSql.COLUMNS)
                    .append(" FROM pubsub_archive WHERE node_id = ? AND seq > ? AND seq < ?");
            if (query.start() != null) {
                sql.append(" AND published >= ?");
            }
            if (query.end() != null) {
                sql.append(" AND published <= ?");
            }
            boolean fullJid = query.with() != null && query.with().indexOf('/') >= 0;
            if (query.with() != null) {
                // a full JID matches itself; a bare JID itself and any of its resources: "bare/" up to (not with) "bare0"
                sql.append(fullJid ? " AND publisher = ?" : " AND (publisher = ? OR (publisher >= ? AND publisher < ?))");
            }
            if (!query.ids().isEmpty()) {
                sql.append(" AND seq = ANY(?)");
            }
            sql.append(query.fromEnd() ? " ORDER BY node_id DESC, seq DESC" : " ORDER BY node_id, seq")
                    .append(" FETCH FIRST ? ROWS ONLY");
            try (PreparedStatement select = connection.prepareStatement(sql.toString())) {
                int at = 0;
                select.setLong(++at, node.id());
                select.setLong(++at, query.after());
                select.setLong(++at, query.before());
                if (query.start() != null) {
                    select.setObject(++at, ItemSql.timestamp(query.start()));
                }
                if (query.end() != null) {
                    select.setObject(++at, ItemSql.timestamp(query.end()));
                }
                if (query.with() != null) {
                    select.setString(++at, query.with());
                    if (!fullJid) {
                        select.setString(++at, query.with() + "/");
                        select.setString(++at, query.with() + "0");
                    }
                }
                if (!query.ids().isEmpty()) {
                    select.setArray(++at, connection.createArrayOf("BIGINT", query.ids().toArray()));
                }
                select.setInt(++at, query.max() + 1); // one more than the page: whether the page is the last
                List<Item> items = ItemSql.items(select);
                boolean complete = items.size() <= query.max();
                if (!complete) {
                    items.remove(items.size() - 1);
                }
                if (query.fromEnd()) {
                    Collections.reverse(items);
                }
                return Optional.of(new ArchivePage(items, complete));
            }
        });
    }

    private static boolean allArchived(Connection connection, Node node, List<Long> places) throws SQLException {
        if (places.isEmpty()) {
            return true;
        }
        HashSet<Long> distinct = new HashSet<>(places);
        try (PreparedStatement count = connection.prepareStatement(
                "SELECT COUNT(*) FROM pubsub_archive WHERE node_id = ? AND seq = ANY(?)")) {
            count.setLong(1, node.id());
            count.setArray(2, connection.createArrayOf("BIGINT", distinct.toArray()));
            try (ResultSet rows = count.executeQuery()) {
                rows.next();
                return rows.getInt(1) == distinct.size();
            }
        }
    }

    /**
     * Removes the node's oldest archived items but those of the newest {@code keepPlaces} places of its sequence, and
     * those published before {@code publishedBefore} (null: no age limit), at most {@code atMost} of them, the oldest
     * first and without gaps (XEP-0313 §2.2: only the oldest go). Places, not rows, are counted: a few index lookups
     * whatever the archive's size (a told retraction or purge takes a place too, so the archive may keep a few less
     * than {@code keepPlaces} items, never more). Returns how many went.
     */
    int trim(Node node, long keepPlaces, Instant publishedBefore, int atMost) {
        return transactions.write("trim the archive of " + node.name(), connection -> {
            long oldest;
            Instant oldestPublished;
            try (PreparedStatement select = connection.prepareStatement("SELECT seq, published FROM pubsub_archive"
                    + " WHERE node_id = ? AND seq > ? ORDER BY node_id, seq FETCH FIRST 1 ROWS ONLY")) {
                select.setLong(1, node.id());
                select.setLong(2, Long.MIN_VALUE);
                try (ResultSet rows = select.executeQuery()) {
                    if (!rows.next()) {
                        return 0;
                    }
                    oldest = rows.getLong(1);
                    oldestPublished = rows.getObject(2, OffsetDateTime.class).toInstant();
                }
            }
            long newest;
            try (PreparedStatement select = connection.prepareStatement("SELECT seq FROM pubsub_archive"
                    + " WHERE node_id = ? ORDER BY node_id DESC, seq DESC FETCH FIRST 1 ROWS ONLY")) {
                select.setLong(1, node.id());
                try (ResultSet rows = select.executeQuery()) {
                    rows.next();
                    newest = rows.getLong(1);
                }
            }
            long limit = oldest + atMost - 1; // places are distinct: no more than atMost rows up to there
            long cut = newest - keepPlaces; // the newest place to remove
            if (publishedBefore != null && oldestPublished.isBefore(publishedBefore)) {
                // the first one kept among those that may go: the walk reads no more rows than it may remove
                try (PreparedStatement select = connection.prepareStatement("SELECT seq FROM pubsub_archive"
                        + " WHERE node_id = ? AND seq <= ? AND published >= ? ORDER BY node_id, seq FETCH FIRST 1 ROWS ONLY")) {
                    select.setLong(1, node.id());
                    select.setLong(2, limit);
                    select.setObject(3, ItemSql.timestamp(publishedBefore));
                    try (ResultSet rows = select.executeQuery()) {
                        cut = Math.max(cut, rows.next() ? rows.getLong(1) - 1 : limit);
                    }
                }
            }
            cut = Math.min(cut, limit);
            if (cut < oldest) {
                return 0;
            }
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM pubsub_archive WHERE node_id = ? AND seq <= ?")) {
                delete.setLong(1, node.id());
                delete.setLong(2, cut);
                return delete.executeUpdate();
            }
        });
    }
}
