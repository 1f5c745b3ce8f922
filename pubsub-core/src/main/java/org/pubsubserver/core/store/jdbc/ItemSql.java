package org.pubsubserver.core.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pubsubserver.core.model.Item;
import org.pubsubserver.core.model.NewItem;
import org.pubsubserver.core.model.Node;
import org.pubsubserver.core.model.Removal;

/** The item rows' SQL, used inside the store's transactions. */
final class ItemSql {
    static final String COLUMNS = "node_id, seq, item_id, publisher, published, payload";

    private ItemSql() {
    }

    /** How many items the node has with a sequence below {@code belowSequence}. */
    static int countItems(Connection connection, Node node, long belowSequence) throws SQLException {
        try (PreparedStatement count = connection.prepareStatement(
                "SELECT COUNT(*) FROM pubsub_item WHERE node_id = ? AND seq < ?")) {
            count.setLong(1, node.id());
            count.setLong(2, belowSequence);
            try (ResultSet rows = count.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }

    static Long sequenceOf(Connection connection, Node node, String itemId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT seq FROM pubsub_item WHERE node_id = ? AND item_id = ?")) {
            select.setLong(1, node.id());
            select.setString(2, itemId);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? rows.getLong(1) : null;
            }
        }
    }

    /** Up to {@code max} items after {@code sequence}, oldest first. */
    static List<Item> itemsFrom(Connection connection, Node node, long sequence, int max) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS
                + " FROM pubsub_item WHERE node_id = ? AND seq > ? ORDER BY node_id, seq FETCH FIRST ? ROWS ONLY")) {
            select.setLong(1, node.id());
            select.setLong(2, sequence);
            select.setInt(3, max);
            return items(select);
        }
    }

    /** Up to {@code max} items just before {@code sequence}, oldest first. */
    static List<Item> itemsUpTo(Connection connection, Node node, long sequence, int max) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS
                + " FROM pubsub_item WHERE node_id = ? AND seq < ? ORDER BY seq DESC FETCH FIRST ? ROWS ONLY")) {
            select.setLong(1, node.id());
            select.setLong(2, sequence);
            select.setInt(3, max);
            List<Item> newestFirst = items(select);
            Collections.reverse(newestFirst);
            return newestFirst;
        }
    }

    static List<Item> items(PreparedStatement select) throws SQLException {
        List<Item> result = new ArrayList<>();
        try (ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                result.add(new Item(rows.getLong(1), rows.getLong(2), rows.getString(3), StoredValues.jid(rows.getString(4)),
                        rows.getObject(5, OffsetDateTime.class).toInstant(), rows.getString(6)));
            }
        }
        return result;
    }

    /** Within one publish a repeated id counts once, at the place of its last occurrence. */
    static List<NewItem> lastOfEachId(List<NewItem> items) {
        Map<String, NewItem> byId = new LinkedHashMap<>();
        for (NewItem item : items) {
            byId.remove(item.itemId());
            byId.put(item.itemId(), item);
        }
        return new ArrayList<>(byId.values());
    }

    /**
     * Removes the node's oldest items beyond {@code maxItems} and counts that in {@code counters} as a removal,
     * told or not (see {@link NodeCounters#markRemoved}); returns their ids, oldest first. The caller writes the
     * counters.
     */
    static List<String> evictBeyond(Connection connection, Node node, NodeCounters counters, int maxItems,
                                    Removal removal) throws SQLException {
        int excess = counters.itemCount - maxItems;
        if (excess <= 0) {
            return List.of();
        }
        List<String> evicted = new ArrayList<>(excess);
        long newestToGo = -1;
        // "seq >" and "ORDER BY node_id, seq" make H2 walk the primary key from its start, the oldest first,
        // instead of sorting all of the node's items
        try (PreparedStatement select = connection.prepareStatement("SELECT seq, item_id FROM pubsub_item"
                + " WHERE node_id = ? AND seq > ? ORDER BY node_id, seq FETCH FIRST ? ROWS ONLY")) {
            select.setLong(1, node.id());
            select.setLong(2, Long.MIN_VALUE);
            select.setInt(3, excess);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    newestToGo = rows.getLong(1);
                    evicted.add(rows.getString(2));
                }
            }
        }
        if (evicted.isEmpty()) {
            return evicted;
        }
        try (PreparedStatement delete = connection.prepareStatement(
                "DELETE FROM pubsub_item WHERE node_id = ? AND seq <= ?")) {
            delete.setLong(1, node.id());
            delete.setLong(2, newestToGo);
            counters.itemCount -= delete.executeUpdate();
        }
        counters.markRemoved(removal, newestToGo);
        return evicted;
    }

    /** Inserts an item row; bind each with {@link #bindInsert}. */
    static final String INSERT = "INSERT INTO pubsub_item (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?)";

    /** Adds {@code row} to the batch of an {@link #INSERT} statement. */
    static void bindInsert(PreparedStatement insert, Item row) throws SQLException {
        insert.setLong(1, row.nodeId());
        insert.setLong(2, row.sequence());
        insert.setString(3, row.itemId());
        insert.setString(4, row.publisher().toString());
        insert.setObject(5, timestamp(row.published()));
        insert.setString(6, row.payloadXml());
        insert.addBatch();
    }

    static OffsetDateTime timestamp(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
