package org.pubsubserver.core.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.pubsubserver.core.model.AppendResult;
import org.pubsubserver.core.model.Item;
import org.pubsubserver.core.model.ItemPage;
import org.pubsubserver.core.model.NewItem;
import org.pubsubserver.core.model.Node;
import org.pubsubserver.core.model.PageRequest;
import org.pubsubserver.core.model.Removal;
import org.pubsubserver.core.model.StreamPosition;
import org.xmpp.packet.JID;

/**
 * The items part of {@link JdbcNodeStore}: a node's items in their sequence, with the node's counters
 * ({@link NodeCounters}) kept in step with every change.
 */
final class Items {
    /** The key of a group's {@link NodeBatch}es (by node id; null for a node that is not batched). */
    private static final Object BATCHES = new Object();

    private final Transactions transactions;
    private final SqlDialect dialect;

    Items(Transactions transactions, SqlDialect dialect) {
        this.transactions = transactions;
        this.dialect = dialect;
    }

    /**
     * On a shared store, the calling thread's group's batches of publishes (see {@link NodeBatch}), written at its
     * commit; null on H2 (its lanes' groups gain nothing from it) or outside a group.
     */
    private Map<Long, NodeBatch> batches() {
        return dialect.shared ? transactions.inGroup(BATCHES, () -> {
            Map<Long, NodeBatch> batches = new HashMap<>();
            transactions.atCommit(connection -> {
                writeBatches(connection, batches);
                return null;
            }, () -> { });
            return batches;
        }) : null;
    }

    /**
     * Before any other statement on items or a node's counters in a group: what its batches worked out is written,
     * in a write of its own (so that a later statement that fails takes none of it back with it), and they are
     * forgotten (the statement may change what they know). Should that write fail, the group's publishes are lost:
     * the group is then failed as a whole, so that none of them is acknowledged.
     */
    void settleBatches() {
        Map<Long, NodeBatch> batches = transactions.inGroupIfKept(BATCHES);
        if (batches == null || batches.isEmpty()) {
            return;
        }
        try {
            transactions.write("write a group's publishes", connection -> {
                writeBatches(connection, batches);
                return null;
            });
        } catch (RuntimeException e) {
            batches.clear();
            transactions.fail(e);
            throw e;
        }
    }

    private static void writeBatches(Connection connection, Map<Long, NodeBatch> batches)
            throws SQLException {
        List<NodeBatch> written = new ArrayList<>(batches.size());
        for (NodeBatch batch : batches.values()) {
            if (batch != null) {
                written.add(batch);
            }
        }
        NodeBatch.flushAll(connection, written);
        batches.clear();
    }

    int purgeItems(Node node) {
        settleBatches();
        return transactions.write("purge " + node.name(), connection -> {
            NodeCounters counters = NodeCounters.lock(connection, node.id(), dialect);
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM pubsub_item WHERE node_id = ?")) {
                delete.setLong(1, node.id());
                int purged = delete.executeUpdate();
                counters.itemCount = 0;
                counters.markRemoved(Removal.TOLD, counters.lastSeq); // a purge is always told (§8.5.2)
                counters.write(connection);
                return purged;
            }
        });
    }

    AppendResult appendItems(Node node, List<NewItem> items, JID publisher, Instant published, int maxItems,
                             Removal evictions, boolean archive) {
        List<NewItem> distinct = ItemSql.lastOfEachId(items);
        Map<Long, NodeBatch> batches = NodeBatch.accepts(distinct, publisher) ? batches() : null;
        if (batches != null) {
            if (!batches.containsKey(node.id())) {
                batches.put(node.id(), transactions.write("publish to " + node.name(),
                        connection -> NodeBatch.open(connection, node, dialect)));
            }
            NodeBatch batch = batches.get(node.id());
            if (batch != null) {
                return batch.append(node, distinct, publisher, published, maxItems, evictions, archive);
            }
        }
        settleBatches();
        return transactions.write("publish to " + node.name(), connection -> {
            NodeCounters counters = NodeCounters.lock(connection, node.id(), dialect);
            // Items published again under their ids go first (not a removal), then the oldest ones that the
            // new items push out: a told eviction takes its place in the sequence before the new items, so a
            // stream that has seen the newest item has seen the eviction too.
            try (PreparedStatement replace = connection.prepareStatement(
                    "DELETE FROM pubsub_item WHERE node_id = ? AND item_id = ?")) {
                for (NewItem item : distinct) {
                    replace.setLong(1, node.id());
                    replace.setString(2, item.itemId());
                    replace.addBatch();
                }
                counters.itemCount -= Arrays.stream(replace.executeBatch()).sum();
            }
            List<String> evicted = ItemSql.evictBeyond(connection, node, counters,
                    Math.max(0, maxItems - distinct.size()), evictions);
            List<Item> stored = new ArrayList<>(distinct.size());
            try (PreparedStatement insert = connection.prepareStatement(ItemSql.INSERT)) {
                for (NewItem item : distinct) {
                    Item row = new Item(node.id(), ++counters.lastSeq, item.itemId(), publisher, published,
                            item.payloadXml());
                    ItemSql.bindInsert(insert, row);
                    stored.add(row);
                }
                insert.executeBatch();
            }
            if (archive) {
                Archive.insert(connection, stored);
            }
            counters.itemCount += stored.size();
            // a batch larger than the node holds (Publish refuses those) loses its own oldest items too
            List<String> alsoEvicted = ItemSql.evictBeyond(connection, node, counters, maxItems, evictions);
            if (!alsoEvicted.isEmpty()) {
                evicted = new ArrayList<>(evicted);
                evicted.addAll(alsoEvicted);
            }
            counters.write(connection);
            return new AppendResult(stored, evicted,
                    evictions == Removal.TOLD && !evicted.isEmpty() ? counters.removedSeq : 0);
        });
    }

    List<Item> items(Node node, int max) {
        settleBatches();
        return transactions.read("items of " + node.name(), connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT " + ItemSql.COLUMNS + " FROM pubsub_item WHERE node_id = ? ORDER BY seq DESC FETCH FIRST ? ROWS ONLY")) {
                select.setLong(1, node.id());
                select.setInt(2, max);
                List<Item> newestFirst = ItemSql.items(select);
                java.util.Collections.reverse(newestFirst);
                return newestFirst;
            }
        });
    }

    int removeItemsPublishedBefore(Node node, Instant cutoff) {
        settleBatches();
        return transactions.write("expire items of " + node.name(), connection -> {
            // expiry takes no place in the sequence: no event tells streams of it, so resuming is not reset
            NodeCounters counters = NodeCounters.lock(connection, node.id(), dialect);
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM pubsub_item WHERE node_id = ? AND published < ?")) {
                delete.setLong(1, node.id());
                delete.setObject(2, ItemSql.timestamp(cutoff));
                int expired = delete.executeUpdate();
                if (expired > 0) {
                    counters.itemCount -= expired;
                    counters.write(connection);
                }
                return expired;
            }
        });
    }

    int itemCount(Node node) {
        settleBatches();
        return transactions.read("count items of " + node.name(), connection -> {
            return NodeCounters.read(connection, node.id()).itemCount;
        });
    }

    Optional<ItemPage> itemPage(Node node, PageRequest page) {
        settleBatches();
        return transactions.read("a page of " + node.name(), connection -> {
            int count = NodeCounters.read(connection, node.id()).itemCount;
            List<Item> items;
            if (page.after() != null || page.before() != null && !page.before().isEmpty()) {
                Long cursor = ItemSql.sequenceOf(connection, node, page.after() != null ? page.after() : page.before());
                if (cursor == null) {
                    return Optional.empty();
                }
                items = page.after() != null ? ItemSql.itemsFrom(connection, node, cursor, page.max())
                        : ItemSql.itemsUpTo(connection, node, cursor, page.max());
            } else if (page.before() != null) {
                items = ItemSql.itemsUpTo(connection, node, Long.MAX_VALUE, page.max());
            } else {
                int skip = page.index() == null ? 0 : page.index();
                try (PreparedStatement select = connection.prepareStatement("SELECT " + ItemSql.COLUMNS
                        + " FROM pubsub_item WHERE node_id = ? ORDER BY seq OFFSET ? ROWS FETCH FIRST ? ROWS ONLY")) {
                    select.setLong(1, node.id());
                    select.setInt(2, skip);
                    select.setInt(3, page.max());
                    items = ItemSql.items(select);
                }
            }
            int firstIndex = items.isEmpty() ? 0 : ItemSql.countItems(connection, node, items.get(0).sequence());
            return Optional.of(new ItemPage(items, firstIndex, count));
        });
    }

    List<String> itemIdsPublishedBy(Node node, JID bareJid) {
        settleBatches();
        String bare = bareJid.toBareJID();
        return transactions.read("items of " + bare + " in " + node.name(), connection -> {
            // the bare JID itself, or any of its full JIDs: the strings from "bare/" up to (not with) "bare0"
            try (PreparedStatement select = connection.prepareStatement("SELECT item_id FROM pubsub_item WHERE node_id = ?"
                    + " AND (publisher = ? OR (publisher >= ? AND publisher < ?)) ORDER BY seq")) {
                select.setLong(1, node.id());
                select.setString(2, bare);
                select.setString(3, bare + "/");
                select.setString(4, bare + "0");
                List<String> ids = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        ids.add(rows.getString(1));
                    }
                }
                return ids;
            }
        });
    }

    List<Item> removeItems(Node node, Collection<String> itemIds, Removal removal) {
        if (itemIds.isEmpty()) {
            return List.of();
        }
        settleBatches();
        return transactions.write("retract from " + node.name(), connection -> {
            NodeCounters counters = NodeCounters.lock(connection, node.id(), dialect);
            List<Item> existing;
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT " + ItemSql.COLUMNS + " FROM pubsub_item WHERE node_id = ? AND item_id = ANY(?) ORDER BY seq")) {
                select.setLong(1, node.id());
                select.setArray(2, connection.createArrayOf("VARCHAR", itemIds.toArray()));
                existing = ItemSql.items(select);
            }
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM pubsub_item WHERE node_id = ? AND item_id = ANY(?)")) {
                delete.setLong(1, node.id());
                delete.setArray(2, connection.createArrayOf("VARCHAR", itemIds.toArray()));
                int removed = delete.executeUpdate();
                if (removed > 0) {
                    counters.itemCount -= removed;
                    // the newest of them (the node's newest place, should another writer have raced the read)
                    counters.markRemoved(removal, existing.isEmpty() ? counters.lastSeq
                            : existing.get(existing.size() - 1).sequence());
                    counters.write(connection);
                }
            }
            return existing;
        });
    }

    List<Item> itemsById(Node node, Collection<String> itemIds) {
        settleBatches();
        if (itemIds.isEmpty()) {
            return List.of();
        }
        return transactions.read("items by id of " + node.name(), connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT " + ItemSql.COLUMNS + " FROM pubsub_item WHERE node_id = ? AND item_id = ANY(?) ORDER BY seq")) {
                select.setLong(1, node.id());
                select.setArray(2, connection.createArrayOf("VARCHAR", itemIds.toArray()));
                return ItemSql.items(select);
            }
        });
    }

    StreamPosition streamPosition(Node node) {
        settleBatches();
        return transactions.read("stream position of " + node.name(), connection -> {
            NodeCounters counters = NodeCounters.read(connection, node.id());
            return new StreamPosition(counters.lastSeq, counters.removedSeq, counters.lostSeq);
        });
    }

    List<Item> itemsAfter(Node node, long sequence, int limit) {
        settleBatches();
        return transactions.read("items after " + sequence + " of " + node.name(), connection -> {
            return ItemSql.itemsFrom(connection, node, sequence, limit);
        });
    }
}
