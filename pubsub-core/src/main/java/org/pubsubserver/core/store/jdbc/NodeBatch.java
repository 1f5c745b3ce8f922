package org.pubsubserver.core.store.jdbc;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
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
 * sequence numbers: the same outcome as {@link Items#appendItems} one by one), and the rows of all the group's
 * batches are written together ({@link #flushAll}: one batch of deletes, one of inserts, one of counters updates,
 * three round trips whatever the number of nodes), before any other statement on items and at the group's commit.
 * A publish to a busy node then costs no round trip of its own to the database, and each further node of the group
 * two (its opening: the lock, then the places).
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
    /** The rows to archive: every item published, also one that a later publish of the group replaced. */
    private final List<Item> archived = new ArrayList<>();

    private NodeBatch(long nodeId, NodeCounters counters, LinkedHashMap<String, Long> places) {
        this.nodeId = nodeId;
        this.counters = counters;
        this.places = places;
    }

    /**
     * Locks the node's counters and reads its items' places; null when it holds too many to batch. Two statements:
     * the places must be read after the lock is held (a statement that waited for the lock sees only the locked row
     * as the other writer left it, not that writer's items).
     */
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
                        Removal evictions, boolean archive) {
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
            if (archive) {
                archived.add(row);
            }
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

    /**
     * Writes what these batches worked out since they were last written: the deletes of all of them in one JDBC
     * batch, then the inserts, then the archive's inserts, then the counters (each batch is sent in one round trip).
     */
    static void flushAll(Connection connection, Collection<NodeBatch> batches) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement(
                "DELETE FROM pubsub_item WHERE node_id = ? AND seq = ANY(?)")) {
            boolean any = false;
            for (NodeBatch batch : batches) {
                if (!batch.deletes.isEmpty()) {
                    delete.setLong(1, batch.nodeId);
                    delete.setArray(2, connection.createArrayOf("bigint", batch.deletes.toArray()));
                    delete.addBatch();
                    batch.deletes.clear();
                    any = true;
                }
            }
            if (any) {
                delete.executeBatch();
            }
        }
        try (PreparedStatement insert = connection.prepareStatement(ItemSql.INSERT)) {
            boolean any = false;
            for (NodeBatch batch : batches) {
                for (Item row : batch.inserts.values()) {
                    ItemSql.bindInsert(insert, row);
                    any = true;
                }
                batch.inserts.clear();
            }
            if (any) {
                insert.executeBatch();
            }
        }
        List<Item> archived = new ArrayList<>();
        for (NodeBatch batch : batches) {
            archived.addAll(batch.archived);
            batch.archived.clear();
        }
        Archive.insert(connection, archived);
        List<NodeCounters> counters = new ArrayList<>(batches.size());
        for (NodeBatch batch : batches) {
            counters.add(batch.counters);
        }
        NodeCounters.writeAll(connection, counters);
    }
}
