package org.pubsubserver.core.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;
import org.pubsubserver.core.model.AffiliatedEntity;
import org.pubsubserver.core.model.Affiliation;
import org.pubsubserver.core.model.Node;
import org.pubsubserver.core.model.NodeAffiliation;
import org.pubsubserver.core.model.Subscription;
import org.pubsubserver.core.model.SubscriptionOptions;
import org.pubsubserver.core.model.SubscriptionState;
import org.xmpp.packet.JID;

/** The affiliations and subscriptions part of {@link JdbcNodeStore}: who is what to a node. */
final class Memberships {
    /** The most subscriptions kept in the cache, over all nodes (a few hundred bytes each). */
    private static final long CACHED_SUBSCRIPTIONS = 500_000;

    private final Transactions transactions;
    private final SqlDialect dialect;
    private final StoredValues storedValues = new StoredValues();
    /**
     * Each node's subscriptions (by node id), with the node's version they were read at: every publish reads them to
     * know whom to notify.
     */
    private final ReadCache<Long, Versioned<List<Subscription>>> subscriptions;
    /** The most affiliations kept in the cache, over all nodes. */
    private static final long CACHED_AFFILIATIONS = 100_000;
    /** Affiliations by "node id, bare JID", with the node's version they were read at. */
    private final ReadCache<String, Versioned<Affiliation>> affiliations;
    /** The node's version as this instance last checked it, where other instances share the store (-1: unknown). */
    private final ToLongFunction<Node> checkedVersion;

    Memberships(Transactions transactions, SqlDialect dialect, ToLongFunction<Node> checkedVersion) {
        this.transactions = transactions;
        this.dialect = dialect;
        this.checkedVersion = checkedVersion;
        this.subscriptions = new ReadCache<>(CACHED_SUBSCRIPTIONS, cached -> cached.value().size(),
                transactions::readsCommitted);
        this.affiliations = new ReadCache<>(CACHED_AFFILIATIONS, cached -> 1, transactions::readsCommitted);
    }

    /**
     * The affiliation of a bare JID with the node, cached (every publish checks its publisher's); where instances
     * share the store, used only at the node's version this instance checked, as the subscriptions are.
     */
    public Affiliation affiliation(Node node, JID bareJid) {
        String key = node.id() + " " + bareJid.toBareJID();
        if (!dialect.shared) {
            return affiliations.get(key, () -> readAffiliation(node, bareJid)).value();
        }
        return affiliations.get(key, cached -> cached.version() == checkedVersion.applyAsLong(node),
                () -> readAffiliation(node, bareJid)).value();
    }

    private Versioned<Affiliation> readAffiliation(Node node, JID bareJid) {
        return transactions.read("affiliation", connection -> {
            long version = NodeVersion.read(connection, dialect, node);
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT affiliation FROM pubsub_affiliation WHERE node_id = ? AND jid = ?")) {
                select.setLong(1, node.id());
                select.setString(2, bareJid.toBareJID());
                try (ResultSet rows = select.executeQuery()) {
                    return new Versioned<>(rows.next() ? Affiliation.fromValue(rows.getString(1)) : Affiliation.NONE,
                            version);
                }
            }
        });
    }

    public void setAffiliation(Node node, JID bareJid, Affiliation affiliation) {
        String key = node.id() + " " + bareJid.toBareJID();
        transactions.write("set affiliation", connection -> {
            transactions.whenSettled(() -> affiliations.invalidate(key));
            upsertAffiliation(connection, dialect, node, bareJid, affiliation);
            NodeVersion.raise(connection, dialect, node);
            return null;
        });
    }

    public List<AffiliatedEntity> affiliations(Node node) {
        return transactions.read("affiliations with " + node.name(), connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT jid, affiliation FROM pubsub_affiliation WHERE node_id = ? ORDER BY jid")) {
                select.setLong(1, node.id());
                List<AffiliatedEntity> result = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        result.add(new AffiliatedEntity(StoredValues.jid(rows.getString(1)), Affiliation.fromValue(rows.getString(2))));
                    }
                }
                return result;
            }
        });
    }

    public List<Subscription> subscriptions(Node node) {
        if (!dialect.shared) {
            // one instance owns the store: its own writes invalidate what it caches
            return subscriptions.get(node.id(), () -> readSubscriptions(node)).value();
        }
        return subscriptions.get(node.id(), cached -> cached.version() == checkedVersion.applyAsLong(node),
                () -> readSubscriptions(node)).value();
    }

    /** The node's subscriptions are no longer what was read (a write changed them, or the node went). */
    void subscriptionsGone(Node node) {
        transactions.whenSettled(() -> subscriptions.invalidate(node.id()));
    }

    /** A write changes the node's subscriptions: this instance's cache forgets them, and the others' see a new version. */
    private void subscriptionsChanged(Connection connection, Node node) throws SQLException {
        subscriptionsGone(node);
        NodeVersion.raise(connection, dialect, node);
    }

    private Versioned<List<Subscription>> readSubscriptions(Node node) {
        return transactions.read("subscriptions of " + node.name(), connection -> {
            long version = NodeVersion.read(connection, dialect, node);
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT subid, jid, state, options FROM pubsub_subscription WHERE node_id = ? ORDER BY jid, subid")) {
                select.setLong(1, node.id());
                List<Subscription> result = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        result.add(new Subscription(node.name(), StoredValues.jid(rows.getString(2)), rows.getString(1),
                                SubscriptionState.fromValue(rows.getString(3)), options(rows.getString(4))));
                    }
                }
                return new Versioned<>(List.copyOf(result), version);
            }
        });
    }

    public List<Subscription> subscriptionsOf(JID bareJid, String node) {
        return transactions.read("subscriptions of " + bareJid, connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT n.name, s.jid, s.subid, s.state, s.options FROM pubsub_subscription s"
                            + " JOIN pubsub_node n ON n.id = s.node_id"
                            + " WHERE s.bare_jid = ?" + (node == null ? "" : " AND n.name = ?")
                            + " ORDER BY n.name, s.jid, s.subid")) {
                select.setString(1, bareJid.toBareJID());
                if (node != null) {
                    select.setString(2, node);
                }
                List<Subscription> result = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        result.add(new Subscription(rows.getString(1), StoredValues.jid(rows.getString(2)), rows.getString(3),
                                SubscriptionState.fromValue(rows.getString(4)), options(rows.getString(5))));
                    }
                }
                return result;
            }
        });
    }

    public List<NodeAffiliation> affiliationsOf(JID bareJid, String node) {
        return transactions.read("affiliations of " + bareJid, connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT n.name, a.affiliation FROM pubsub_affiliation a JOIN pubsub_node n ON n.id = a.node_id"
                            + " WHERE a.jid = ?" + (node == null ? "" : " AND n.name = ?") + " ORDER BY n.name")) {
                select.setString(1, bareJid.toBareJID());
                if (node != null) {
                    select.setString(2, node);
                }
                List<NodeAffiliation> result = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        result.add(new NodeAffiliation(rows.getString(1), Affiliation.fromValue(rows.getString(2))));
                    }
                }
                return result;
            }
        });
    }

    public Subscription addSubscription(Node node, JID jid, String subId, SubscriptionState state,
                                        SubscriptionOptions options) {
        return transactions.write("subscribe to " + node.name(), connection -> {
            subscriptionsChanged(connection, node);
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO pubsub_subscription"
                    + " (node_id, subid, jid, bare_jid, state, options) VALUES (?, ?, ?, ?, ?, ?)")) {
                insert.setLong(1, node.id());
                insert.setString(2, subId);
                insert.setString(3, jid.toString());
                insert.setString(4, jid.toBareJID());
                insert.setString(5, state.value());
                insert.setString(6, ConfigCodec.encode(options.toFields()));
                insert.executeUpdate();
            }
            return new Subscription(node.name(), jid, subId, state, options);
        });
    }

    public boolean setSubscriptionState(Node node, String subId, SubscriptionState state) {
        return transactions.write("set subscription state on " + node.name(), connection -> {
            subscriptionsChanged(connection, node);
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE pubsub_subscription SET state = ? WHERE node_id = ? AND subid = ?")) {
                update.setString(1, state.value());
                update.setLong(2, node.id());
                update.setString(3, subId);
                return update.executeUpdate() > 0;
            }
        });
    }

    public boolean setSubscriptionOptions(Node node, String subId, SubscriptionOptions options) {
        return transactions.write("set subscription options on " + node.name(), connection -> {
            subscriptionsChanged(connection, node);
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE pubsub_subscription SET options = ? WHERE node_id = ? AND subid = ?")) {
                update.setString(1, ConfigCodec.encode(options.toFields()));
                update.setLong(2, node.id());
                update.setString(3, subId);
                return update.executeUpdate() > 0;
            }
        });
    }

    private SubscriptionOptions options(String stored) {
        return storedValues.subscriptionOptions(stored);
    }

    public int removeSubscriptions(Node node, JID jid, String subId) {
        return transactions.write("unsubscribe from " + node.name(), connection -> {
            subscriptionsChanged(connection, node);
            String sql = "DELETE FROM pubsub_subscription WHERE node_id = ? AND jid = ?"
                    + (subId == null ? "" : " AND subid = ?");
            try (PreparedStatement delete = connection.prepareStatement(sql)) {
                delete.setLong(1, node.id());
                delete.setString(2, jid.toString());
                if (subId != null) {
                    delete.setString(3, subId);
                }
                return delete.executeUpdate();
            }
        });
    }

    static void upsertAffiliation(Connection connection, SqlDialect dialect, Node node, JID bareJid,
                                  Affiliation affiliation) throws SQLException {
        if (affiliation == Affiliation.NONE) {
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM pubsub_affiliation WHERE node_id = ? AND jid = ?")) {
                delete.setLong(1, node.id());
                delete.setString(2, bareJid.toBareJID());
                delete.executeUpdate();
            }
            return;
        }
        try (PreparedStatement merge = connection.prepareStatement(dialect.upsertAffiliation)) {
            merge.setLong(1, node.id());
            merge.setString(2, bareJid.toBareJID());
            merge.setString(3, affiliation.value());
            merge.executeUpdate();
        }
    }
}
