package org.pubsubserver.core.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.pubsubserver.core.model.AffiliatedEntity;
import org.pubsubserver.core.model.AppendResult;
import org.pubsubserver.core.model.ArchivePage;
import org.pubsubserver.core.model.ArchiveQuery;
import org.pubsubserver.core.model.Affiliation;
import org.pubsubserver.core.model.Item;
import org.pubsubserver.core.model.ItemPage;
import org.pubsubserver.core.model.PageRequest;
import org.pubsubserver.core.model.NewItem;
import org.pubsubserver.core.model.Node;
import org.pubsubserver.core.model.NodeAffiliation;
import org.pubsubserver.core.model.NodeConfig;
import org.pubsubserver.core.model.Removal;
import org.pubsubserver.core.model.StreamPosition;
import org.pubsubserver.core.model.Subscription;
import org.pubsubserver.core.model.SubscriptionOptions;
import org.pubsubserver.core.model.SubscriptionState;
import org.pubsubserver.core.store.GroupCommit;
import org.pubsubserver.core.store.NodeStore;
import org.xmpp.packet.JID;

/**
 * {@link NodeStore} on JDBC, for H2 and PostgreSQL ({@link SqlDialect}): the nodes here, their items in {@link Items},
 * who is what to them in {@link Memberships}. Each method runs in one transaction, or under a savepoint of the group
 * that its thread has open ({@link #groupCommit()}).
 *
 * <p>Caches: nodes (with their configuration) and their subscriptions are cached. On a store of one instance its
 * own writes invalidate them. Where instances share the store, a cached node is used only after a look at its
 * version ({@link NodeVersion}, one indexed read), and its subscriptions only while they were read at the version
 * so checked: a change made through any instance is seen by the next request on every other.
 */
public final class JdbcNodeStore implements NodeStore {

    /** The key of a group's looks at node versions: node name to when the look began ({@link System#nanoTime}). */
    private static final Object VERSION_LOOKS = new Object();

    /** The most nodes whose versions a group's look reads at once (see {@link #stillCurrent}). */
    private static final int LOOKED_ALONG = 64;

    /** The most nodes kept in the cache. */
    private static final int CACHED_NODES = 10_000;

    private final Transactions transactions;
    private final SqlDialect dialect;
    private final Memberships memberships;
    private final Items items;
    private final Archive archive;
    /** Nodes by name, with their configuration and version: every request reads its node first. */
    private final ReadCache<String, Versioned<Node>> nodes;
    /** Nodes looked at lately in groups, on a shared store (at most {@link #LOOKED_ALONG}). */
    private final Set<String> lookedLately = ConcurrentHashMap.newKeySet();

    /** {@code syncCommits}: see {@link Transactions#Transactions(DataSource, boolean)}. */
    JdbcNodeStore(DataSource dataSource, SqlDialect dialect, boolean syncCommits) {
        this.transactions = new Transactions(dataSource, syncCommits);
        this.dialect = dialect;
        this.nodes = new ReadCache<>(CACHED_NODES, node -> 1, transactions::readsCommitted);
        this.memberships = new Memberships(transactions, dialect, this::checkedVersion);
        this.items = new Items(transactions, dialect);
        this.archive = new Archive(transactions);
    }

    @Override
    public GroupCommit groupCommit() {
        return transactions;
    }

    /** The store's transactions, for what writes in them beside the store (the events between instances). */
    Transactions transactions() {
        return transactions;
    }

    @Override
    public Optional<Node> findNode(String name) {
        Versioned<Node> found = dialect.shared
                ? nodes.get(name, this::stillCurrent, () -> readNode(name))
                : nodes.get(name, () -> readNode(name));
        return found == null ? Optional.empty() : Optional.of(found.value());
    }

    /**
     * Whether a cached node is as the store has it now: a look at its version. Inside a group, a look taken after the
     * current work was handed over holds for it (it saw every commit that could have come before the request), so a
     * group of publishes to one node looks once, not once each.
     */
    private boolean stillCurrent(Versioned<Node> cached) {
        Node node = cached.value();
        Long submitted = transactions.workSubmitted();
        Map<String, Long> looked = submitted == null ? null : transactions.inGroup(VERSION_LOOKS, HashMap::new);
        if (looked == null) {
            return transactions.read("check node " + node.name(),
                    connection -> NodeVersion.read(connection, dialect, node)) == cached.version();
        }
        Long at = looked.get(node.name());
        if (at != null && at - submitted >= 0) {
            return true;
        }
        // the nodes this store looked at lately are looked at along with this one, in the same statement: a group
        // of publishes to several nodes then looks once, not once per node
        Map<Long, Versioned<Node>> checked = new HashMap<>();
        checked.put(node.id(), cached);
        for (String name : lookedLately) {
            Versioned<Node> other = checked.size() < LOOKED_ALONG && !looked.containsKey(name) ? nodes.peek(name) : null;
            if (other != null) {
                checked.put(other.value().id(), other);
            }
        }
        long lookedAt = System.nanoTime();
        Map<Long, Long> versions = transactions.read("check node " + node.name(),
                connection -> NodeVersion.readAll(connection, checked.keySet()));
        for (Versioned<Node> each : checked.values()) {
            if (Long.valueOf(each.version()).equals(versions.get(each.value().id()))) {
                looked.put(each.value().name(), lookedAt);
            } else {
                looked.remove(each.value().name());
            }
        }
        if (lookedLately.size() >= LOOKED_ALONG) {
            lookedLately.clear();
        }
        lookedLately.add(node.name());
        return looked.containsKey(node.name());
    }

    /**
     * The version at which this instance last found the node current, where instances share the store; -1 when it
     * has not (then what is cached of the node is read again).
     */
    private long checkedVersion(Node node) {
        Versioned<Node> cached = nodes.peek(node.name());
        return cached != null && cached.value().id() == node.id() ? cached.version() : -1;
    }

    private Versioned<Node> readNode(String name) {
        return transactions.read("find node " + name, connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT id, name, creator, created, config, "
                    + (dialect.shared ? "version" : "0") + ", parent FROM pubsub_node WHERE name = ?")) {
                select.setString(1, name);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? new Versioned<>(node(rows), rows.getLong(6)) : null;
                }
            }
        });
    }

    @Override
    public Optional<Node> createNode(String name, JID creator, NodeConfig config, Instant created, String parent) {
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
            try (PreparedStatement insert = connection.prepareStatement(dialect.insertNode, new String[] {"id"})) {
                insert.setString(1, name);
                insert.setString(2, creator.toString());
                insert.setObject(3, ItemSql.timestamp(created));
                insert.setString(4, ConfigCodec.encode(config.storedFields()));
                if (insert.executeUpdate() == 0) {
                    return Optional.empty(); // another instance created it since the look above
                }
                try (ResultSet keys = insert.getGeneratedKeys()) {
                    keys.next();
                    id = keys.getLong(1);
                }
            }
            NodeCounters.create(connection, id, start);
            if (parent != null) {
                writeParent(connection, id, parent);
            }
            Node node = new Node(id, name, creator, created, config, parent);
            Memberships.upsertAffiliation(connection, dialect, node, creator.asBareJID(), Affiliation.OWNER);
            try (PreparedStatement forget = connection.prepareStatement("DELETE FROM pubsub_node_redirect WHERE name = ?")) {
                forget.setString(1, name);
                forget.executeUpdate();
            }
            return Optional.of(node);
        });
    }

    @Override
    public boolean deleteNode(Node node, String redirect) {
        items.settleBatches(); // its batched items go in before it goes
        return transactions.write("delete node " + node.name(), connection -> {
            transactions.whenSettled(() -> nodes.invalidate(node.name()));
            memberships.subscriptionsGone(node);
            try (PreparedStatement retire = connection.prepareStatement(dialect.retireNode)) {
                retire.setLong(1, node.id());
                retire.executeUpdate();
            }
            try (PreparedStatement archive = connection.prepareStatement("DELETE FROM pubsub_archive WHERE node_id = ?")) {
                archive.setLong(1, node.id()); // the archive has no foreign key to cascade from (H2 V14, PostgreSQL V16)
                archive.executeUpdate();
            }
            boolean deleted;
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM pubsub_node WHERE id = ?")) {
                delete.setLong(1, node.id());
                deleted = delete.executeUpdate() > 0;
            }
            if (deleted && redirect != null) {
                try (PreparedStatement merge = connection.prepareStatement(dialect.upsertRedirect)) {
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
                update.setString(1, ConfigCodec.encode(config.storedFields()));
                update.setLong(2, node.id());
                update.executeUpdate();
            }
            NodeVersion.raise(connection, dialect, node);
            return node.withConfig(config);
        });
    }

    @Override
    public Node setParent(Node node, String parent) {
        return transactions.write("associate " + node.name(), connection -> {
            transactions.whenSettled(() -> nodes.invalidate(node.name()));
            writeParent(connection, node.id(), parent);
            NodeVersion.raise(connection, dialect, node);
            return node.withParent(parent);
        });
    }

    private static void writeParent(Connection connection, long id, String parent) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE pubsub_node SET parent = ? WHERE id = ?")) {
            update.setString(1, parent);
            update.setLong(2, id);
            update.executeUpdate();
        }
    }

    @Override
    public List<String> children(String collection) {
        return transactions.read("list children of " + collection, connection -> {
            List<String> names = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT name FROM pubsub_node WHERE parent = ? ORDER BY name")) {
                select.setString(1, collection);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        names.add(rows.getString(1));
                    }
                }
            }
            return names;
        });
    }

    @Override
    public List<String> topLevelNodeNames() {
        return transactions.read("list top-level nodes", connection -> {
            List<String> names = new ArrayList<>();
            try (Statement select = connection.createStatement();
                 ResultSet rows = select.executeQuery("SELECT name FROM pubsub_node WHERE parent IS NULL ORDER BY name")) {
                while (rows.next()) {
                    names.add(rows.getString(1));
                }
            }
            return names;
        });
    }

    @Override
    public int purgeItems(Node node) {
        return items.purgeItems(node);
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
    public AppendResult appendItems(Node node, List<NewItem> items, JID publisher, Instant published, int maxItems,
                                    Removal evictions, boolean archive) {
        return this.items.appendItems(node, items, publisher, published, maxItems, evictions, archive);
    }

    @Override
    public Optional<ArchivePage> archivePage(Node node, ArchiveQuery query) {
        items.settleBatches();
        return archive.page(node, query);
    }

    @Override
    public int trimArchive(Node node, long keepPlaces, Instant publishedBefore, int atMost) {
        items.settleBatches();
        return archive.trim(node, keepPlaces, publishedBefore, atMost);
    }

    @Override
    public List<Item> items(Node node, int max) {
        return items.items(node, max);
    }

    @Override
    public int removeItemsPublishedBefore(Node node, Instant cutoff) {
        return items.removeItemsPublishedBefore(node, cutoff);
    }

    @Override
    public int itemCount(Node node) {
        return items.itemCount(node);
    }

    @Override
    public Optional<ItemPage> itemPage(Node node, PageRequest page) {
        return items.itemPage(node, page);
    }

    @Override
    public List<String> itemIdsPublishedBy(Node node, JID bareJid) {
        return items.itemIdsPublishedBy(node, bareJid);
    }

    @Override
    public List<Item> removeItems(Node node, Collection<String> itemIds, Removal removal) {
        return items.removeItems(node, itemIds, removal);
    }

    @Override
    public List<Item> itemsById(Node node, Collection<String> itemIds) {
        return items.itemsById(node, itemIds);
    }

    @Override
    public StreamPosition streamPosition(Node node) {
        return items.streamPosition(node);
    }

    @Override
    public List<Item> itemsAfter(Node node, long sequence, int limit) {
        return items.itemsAfter(node, sequence, limit);
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
                rows.getObject("created", OffsetDateTime.class).toInstant(), config, rows.getString("parent"));
    }
}
