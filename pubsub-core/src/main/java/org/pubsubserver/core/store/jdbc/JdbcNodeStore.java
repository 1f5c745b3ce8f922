package org.pubsubserver.core.store.jdbc;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.pubsubserver.core.model.AffiliatedEntity;
import org.pubsubserver.core.model.AppendResult;
import org.pubsubserver.core.model.Affiliation;
import org.pubsubserver.core.model.Item;
import org.pubsubserver.core.model.ItemPage;
import org.pubsubserver.core.model.PageRequest;
import org.pubsubserver.core.model.NewItem;
import org.pubsubserver.core.model.Node;
import org.pubsubserver.core.model.NodeAffiliation;
import org.pubsubserver.core.model.NodeConfig;
import org.pubsubserver.core.model.StreamPosition;
import org.pubsubserver.core.model.Subscription;
import org.pubsubserver.core.model.SubscriptionOptions;
import org.pubsubserver.core.model.SubscriptionState;
import org.pubsubserver.core.store.GroupCommit;
import org.pubsubserver.core.store.NodeStore;
import org.xmpp.packet.JID;

/**
 * {@link NodeStore} on JDBC, written for H2's dialect. Each method runs in one transaction, or under a
 * savepoint of the group that its thread has open ({@link #groupCommit()}).
 */
public final class JdbcNodeStore implements NodeStore {

    /** The most nodes kept in the cache. */
    private static final int CACHED_NODES = 10_000;

    private final Transactions transactions;
    private final Memberships memberships;
    /** Nodes by name, with their configuration: every request reads its node first. */
    private final ReadCache<String, Node> nodes;

    public JdbcNodeStore(DataSource dataSource) {
        this.transactions = new Transactions(dataSource);
        this.nodes = new ReadCache<>(CACHED_NODES, node -> 1, transactions::readsCommitted);
        this.memberships = new Memberships(transactions);
    }

    @Override
    public GroupCommit groupCommit() {
        return transactions;
    }

    @Override
    public Optional<Node> findNode(String name) {
        return Optional.ofNullable(nodes.get(name, () -> readNode(name)));
    }

    private Node readNode(String name) {
        return transactions.read("find node " + name, connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT id, name, creator, created, config FROM pubsub_node WHERE name = ?")) {
                select.setString(1, name);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? node(rows) : null;
                }
            }
        });
    }

    @Override
    public Optional<Node> createNode(String name, JID creator, NodeConfig config, Instant created) {
        return transactions.write("create node " + name, connection -> {
            transactions.whenSettled(() -> nodes.invalidate(name));
            try (PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM pubsub_node WHERE name = ?")) {
                exists.setString(1, name);
                try (ResultSet rows = exists.executeQuery()) {
                    if (rows.next()) {
                        return Optional.empty();
                    }
                }
            }
            // a name used before continues its old sequence, past the deletion (a removal): see V7
            long start = 0;
            try (PreparedStatement retired = connection.prepareStatement(
                    "SELECT last_seq FROM pubsub_node_retired WHERE name = ?")) {
                retired.setString(1, name);
                try (ResultSet rows = retired.executeQuery()) {
                    if (rows.next()) {
                        start = rows.getLong(1) + 1;
                    }
                }
            }
            long id;
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO pubsub_node (name, creator, created, config) VALUES (?, ?, ?, ?)",
                    Statement.RETURN_GENERATED_KEYS)) {
                insert.setString(1, name);
                insert.setString(2, creator.toString());
                insert.setObject(3, ItemSql.timestamp(created));
                insert.setString(4, ConfigCodec.encode(config.toFields()));
                insert.executeUpdate();
                try (ResultSet keys = insert.getGeneratedKeys()) {
                    keys.next();
                    id = keys.getLong(1);
                }
            }
            NodeCounters.create(connection, id, start);
            Node node = new Node(id, name, creator, created, config);
            Memberships.upsertAffiliation(connection, node, creator.asBareJID(), Affiliation.OWNER);
            try (PreparedStatement forget = connection.prepareStatement("DELETE FROM pubsub_node_redirect WHERE name = ?")) {
                forget.setString(1, name);
                forget.executeUpdate();
            }
            return Optional.of(node);
        });
    }

    @Override
    public boolean deleteNode(Node node, String redirect) {
        return transactions.write("delete node " + node.name(), connection -> {
            transactions.whenSettled(() -> nodes.invalidate(node.name()));
            memberships.subscriptionsChanged(node);
            try (PreparedStatement retire = connection.prepareStatement("MERGE INTO pubsub_node_retired (name, last_seq) KEY (name)"
                    + " SELECT n.name, s.last_seq FROM pubsub_node n JOIN pubsub_node_state s ON s.node_id = n.id"
                    + " WHERE n.id = ?")) {
                retire.setLong(1, node.id());
                retire.executeUpdate();
            }
            boolean deleted;
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM pubsub_node WHERE id = ?")) {
                delete.setLong(1, node.id());
                deleted = delete.executeUpdate() > 0;
            }
            if (deleted && redirect != null) {
                try (PreparedStatement merge = connection.prepareStatement(
                        "MERGE INTO pubsub_node_redirect (name, uri) KEY (name) VALUES (?, ?)")) {
                    merge.setString(1, node.name());
                    merge.setString(2, redirect);
                    merge.executeUpdate();
                }
            }
            return deleted;
        });
    }

    @Override
    public Optional<String> redirectOf(String name) {
        return transactions.read("read redirect of " + name, connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT uri FROM pubsub_node_redirect WHERE name = ?")) {
                select.setString(1, name);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? Optional.of(rows.getString(1)) : Optional.<String>empty();
                }
            }
        });
    }

    @Override
    public Node updateConfig(Node node, NodeConfig config) {
        return transactions.write("configure " + node.name(), connection -> {
            transactions.whenSettled(() -> nodes.invalidate(node.name()));
            try (PreparedStatement update = connection.prepareStatement("UPDATE pubsub_node SET config = ? WHERE id = ?")) {
                update.setString(1, ConfigCodec.encode(config.toFields()));
                update.setLong(2, node.id());
                update.executeUpdate();
            }
            return new Node(node.id(), node.name(), node.creator(), node.created(), config);
        });
    }

    @Override
    public int purgeItems(Node node) {
        return transactions.write("purge " + node.name(), connection -> {
            NodeCounters counters = NodeCounters.read(connection, node.id());
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM pubsub_item WHERE node_id = ?")) {
                delete.setLong(1, node.id());
                int purged = delete.executeUpdate();
                counters.itemCount = 0;
                counters.markRemoved();
                counters.write(connection);
                return purged;
            }
        });
    }

    @Override
    public List<String> nodeNames() {
        return transactions.read("list nodes", connection -> {
            List<String> names = new ArrayList<>();
            try (Statement select = connection.createStatement();
                 ResultSet rows = select.executeQuery("SELECT name FROM pubsub_node ORDER BY name")) {
                while (rows.next()) {
                    names.add(rows.getString(1));
                }
            }
            return names;
        });
    }

    @Override
    public AppendResult appendItems(Node node, List<NewItem> items, JID publisher, Instant published, int maxItems) {
        List<NewItem> distinct = ItemSql.lastOfEachId(items);
        return transactions.write("publish to " + node.name(), connection -> {
            NodeCounters counters = NodeCounters.read(connection, node.id());
            // Items published again under their ids go first (not a removal), then the oldest ones that the
            // new items push out: that removal takes its place in the sequence before the new items, so a
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
                    Math.max(0, maxItems - distinct.size()));
            List<Item> stored = new ArrayList<>(distinct.size());
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO pubsub_item (" + ItemSql.COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?)")) {
                for (NewItem item : distinct) {
                    Item row = new Item(node.id(), ++counters.lastSeq, item.itemId(), publisher, published,
                            item.payloadXml());
                    insert.setLong(1, row.nodeId());
                    insert.setLong(2, row.sequence());
                    insert.setString(3, row.itemId());
                    insert.setString(4, row.publisher().toString());
                    insert.setObject(5, ItemSql.timestamp(row.published()));
                    insert.setString(6, row.payloadXml());
                    insert.addBatch();
                    stored.add(row);
                }
                insert.executeBatch();
            }
            counters.itemCount += stored.size();
            // a batch larger than the node holds (Publish refuses those) loses its own oldest items too
            List<String> alsoEvicted = ItemSql.evictBeyond(connection, node, counters, maxItems);
            if (!alsoEvicted.isEmpty()) {
                evicted = new ArrayList<>(evicted);
                evicted.addAll(alsoEvicted);
            }
            counters.write(connection);
            return new AppendResult(stored, evicted);
        });
    }

    @Override
    public List<Item> items(Node node, int max) {
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

    @Override
    public int removeItemsPublishedBefore(Node node, Instant cutoff) {
        return transactions.write("expire items of " + node.name(), connection -> {
            // expiry takes no place in the sequence: no event tells streams of it, so resuming is not reset
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM pubsub_item WHERE node_id = ? AND published < ?")) {
                delete.setLong(1, node.id());
                delete.setObject(2, ItemSql.timestamp(cutoff));
                int expired = delete.executeUpdate();
                if (expired > 0) {
                    NodeCounters counters = NodeCounters.read(connection, node.id());
                    counters.itemCount -= expired;
                    counters.write(connection);
                }
                return expired;
            }
        });
    }

    @Override
    public int itemCount(Node node) {
        return transactions.read("count items of " + node.name(), connection -> NodeCounters.read(connection, node.id()).itemCount);
    }

    @Override
    public Optional<ItemPage> itemPage(Node node, PageRequest page) {
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

    @Override
    public List<String> itemIdsPublishedBy(Node node, JID bareJid) {
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

    @Override
    public List<Item> removeItems(Node node, Collection<String> itemIds) {
        if (itemIds.isEmpty()) {
            return List.of();
        }
        return transactions.write("retract from " + node.name(), connection -> {
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
                    NodeCounters counters = NodeCounters.read(connection, node.id());
                    counters.itemCount -= removed;
                    counters.markRemoved();
                    counters.write(connection);
                }
            }
            return existing;
        });
    }

    @Override
    public List<Item> itemsById(Node node, Collection<String> itemIds) {
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

    @Override
    public StreamPosition streamPosition(Node node) {
        return transactions.read("stream position of " + node.name(), connection -> {
            NodeCounters counters = NodeCounters.read(connection, node.id());
            return new StreamPosition(counters.lastSeq, counters.removedSeq);
        });
    }

    @Override
    public List<Item> itemsAfter(Node node, long sequence, int limit) {
        return transactions.read("items after " + sequence + " of " + node.name(), connection -> ItemSql.itemsFrom(connection, node, sequence, limit));
    }

    @Override
    public Affiliation affiliation(Node node, JID bareJid) {
        return memberships.affiliation(node, bareJid);
    }

    @Override
    public void setAffiliation(Node node, JID bareJid, Affiliation affiliation) {
        memberships.setAffiliation(node, bareJid, affiliation);
    }

    @Override
    public List<AffiliatedEntity> affiliations(Node node) {
        return memberships.affiliations(node);
    }

    @Override
    public List<Subscription> subscriptions(Node node) {
        return memberships.subscriptions(node);
    }

    @Override
    public List<Subscription> subscriptionsOf(JID bareJid, String node) {
        return memberships.subscriptionsOf(bareJid, node);
    }

    @Override
    public List<NodeAffiliation> affiliationsOf(JID bareJid, String node) {
        return memberships.affiliationsOf(bareJid, node);
    }

    @Override
    public Subscription addSubscription(Node node, JID jid, String subId, SubscriptionState state, SubscriptionOptions options) {
        return memberships.addSubscription(node, jid, subId, state, options);
    }

    @Override
    public boolean setSubscriptionState(Node node, String subId, SubscriptionState state) {
        return memberships.setSubscriptionState(node, subId, state);
    }

    @Override
    public boolean setSubscriptionOptions(Node node, String subId, SubscriptionOptions options) {
        return memberships.setSubscriptionOptions(node, subId, options);
    }

    @Override
    public int removeSubscriptions(Node node, JID jid, String subId) {
        return memberships.removeSubscriptions(node, jid, subId);
    }

    private Node node(ResultSet rows) throws SQLException {
        NodeConfig config = NodeConfig.fromStored(ConfigCodec.decode(rows.getString("config")));
        return new Node(rows.getLong("id"), rows.getString("name"), StoredValues.jid(rows.getString("creator")),
                rows.getObject("created", OffsetDateTime.class).toInstant(), config);
    }
}
