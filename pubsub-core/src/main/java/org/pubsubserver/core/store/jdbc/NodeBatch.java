package org.pubsubserver.core.store.jdbc;

import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pubsubserver.core.model.AppendResult;
import org.pubsubserver.core.model.Item;
import org.pubsubserver.core.model.NewItem;
import org.pubsubserver.core.model.Node;
import org.pubsubserver.core.model.Removal;
import org.xmpp.packet.JID;

/**
 * A group's publishes to one node on a shared store (PostgreSQL), written together: the node's counters are locked
 * and its items' places read once for the group, each publish is worked out in memory (replacements, evictions,
 * sequence numbers: the same outcome as {@link Items#appendItems} one by one), and the rows are written in one
 * delete, one batched insert and one counters update, before any other statement on the node's items and at
 * the group's commit. A publish to a busy node then costs no round trip of its own to the database.
 */
final class NodeBatch {
    /**
     * Nodes holding more items than this are not batched: each group reads the places of all the node's items, which
     * for a node of 1,000 items costs about what one publish written alone costs, and a node published to seldom
     * has groups of one.
     */
    static final int MAX_ITEMS = 1_000;

    private final long nodeId;
    private final NodeCounters counters;
    /** The node's items, item id to place, oldest first, as they will be once the batch is written. */
    private final LinkedHashMap<String, Long> places;
    private final Map<Long, Item> inserts = new LinkedHashMap<>();
    private final List<Long> deletes = new ArrayList<>();

    private NodeBatch(long nodeId, NodeCounters counters, LinkedHashMap<String, Long> places) {
        this.nodeId = nodeId;
        this.counters = counters;
        this.places = places;
    }

    /** Locks the node's counters and reads its items' places; null when it holds too many to batch. */
    static NodeBatch open(Connection connection, Node node, SqlDialect dialect) throws SQLException {
        NodeCounters counters = NodeCounters.lock(connection, node.id(), dialect);
        if (counters.itemCount > MAX_ITEMS) {
            return null;
        }
        LinkedHashMap<String, Long> places = new LinkedHashMap<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT seq, item_id FROM pubsub_item WHERE node_id = ? ORDER BY seq")) {
            select.setLong(1, node.id());
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    places.put(rows.getString(2), rows.getLong(1));
                }
            }
        }
        return new NodeBatch(node.id(), counters, places);
    }

    /**
     * Whether these items may go into a batch: a row the database could refuse (an item id or publisher too long for
     * PostgreSQL's index entries, which take at most about 2,700 bytes) is written on its own instead, so that it
     * fails alone, not with the group.
     */
    static boolean accepts(List<NewItem> items, JID publisher) {
        if (!fitsAnIndex(publisher.toString())) {
            return false;
        }
        for (NewItem item : items) {
            if (!fitsAnIndex(item.itemId())) {
                return false;
            }
        }
        return true;
    }

    private static boolean fitsAnIndex(String value) {
        return value.length() <= 600 || value.getBytes(StandardCharsets.UTF_8).length <= 2_000;
    }

    /** As {@link Items#appendItems}, in memory; written by {@link #flush}. */
    AppendResult append(Node node, List<NewItem> distinct, JID publisher, Instant published, int maxItems,
                        Removal evictions) {
        for (NewItem item : distinct) {
            Long replaced = places.remove(item.itemId());
            if (replaced != null) {
                remove(replaced);
            }
        }
        List<String> evicted = evictBeyond(Math.max(0, maxItems - distinct.size()), evictions);
        List<Item> stored = new ArrayList<>(distinct.size());
        for (NewItem item : distinct) {
            Item row = new Item(nodeId, ++counters.lastSeq, item.itemId(), publisher, published, item.payloadXml());
            inserts.put(row.sequence(), row);
            places.put(row.itemId(), row.sequence());
            counters.itemCount++;
            stored.add(row);
        }
        List<String> alsoEvicted = evictBeyond(maxItems, evictions);
        if (!alsoEvicted.isEmpty()) {
            evicted = new ArrayList<>(evicted);
            evicted.addAll(alsoEvicted);
        }
        return new AppendResult(stored, evicted,
                evictions == Removal.TOLD && !evicted.isEmpty() ? counters.removedSeq : 0);
    }

    /** The oldest items beyond {@code maxItems}, removed; as {@link ItemSql#evictBeyond}. */
    private List<String> evictBeyond(int maxItems, Removal removal) {
        int excess = counters.itemCount - maxItems;
        if (excess <= 0) {
            return List.of();
        }
        List<String> evicted = new ArrayList<>(excess);
        long newestToGo = -1;
        for (Iterator<Map.Entry<String, Long>> oldest = places.entrySet().iterator();
             oldest.hasNext() && evicted.size() < excess; ) {
            Map.Entry<String, Long> entry = oldest.next();
            oldest.remove();
            remove(entry.getValue());
            newestToGo = entry.getValue();
            evicted.add(entry.getKey());
        }
        if (!evicted.isEmpty()) {
            counters.markRemoved(removal, newestToGo);
        }
        return evicted;
    }

    private void remove(long place) {
        if (inserts.remove(place) == null) {
            deletes.add(place);
        }
        counters.itemCount--;
    }

    /** Writes what the batch worked out since the last flush. */
    void flush(Connection connection) throws SQLException {
        if (!deletes.isEmpty()) {
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM pubsub_item WHERE node_id = ? AND seq = ANY(?)")) {
                Array places = connection.createArrayOf("bigint", deletes.toArray());
                delete.setLong(1, nodeId);
                delete.setArray(2, places);
                delete.executeUpdate();
            }
            deletes.clear();
        }
        if (!inserts.isEmpty()) {
            try (PreparedStatement insert = connection.prepareStatement(ItemSql.INSERT)) {
                for (Item row : inserts.values()) {
                    ItemSql.bindInsert(insert, row);
                }
                insert.executeBatch();
            }
            inserts.clear();
        }
        counters.write(connection);
    }
}
