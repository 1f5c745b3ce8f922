package org.pubsubserver.core.backup;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.pubsubserver.core.store.jdbc.ConfigCodec;

/**
 * Writes what it is told into a store, on one connection whose transaction the caller commits or rolls back: rows
 * go in JDBC batches, nodes get new ids from the target's own identity column (so later node creation goes on
 * from there), and each node keeps its counters, so its sequence, and with it every SSE resume id, continues
 * where it stood. Checks what would break the store (an item after its node's last-seq, a node name taken) and
 * fails with a {@link BackupException}.
 */
final class StoreLoader implements StoreSink, AutoCloseable {
    private static final int BATCH = 500;
    /** How many of the clashing node names a refusal names. */
    private static final int NAMED = 20;

    private final Connection connection;
    private final ImportMode mode;
    private final BackupProgress progress;
    private final PreparedStatement insertNode;
    private final PreparedStatement nodeExists;
    private final PreparedStatement insertState;
    private final PreparedStatement forgetRedirect;
    private final PreparedStatement insertAffiliation;
    private final PreparedStatement insertSubscription;
    private final PreparedStatement insertItem;
    private final PreparedStatement insertArchived;
    private int batched;

    private final List<String> clashes = new ArrayList<>();
    /** Nodes of the export whose name the target retired: their SSE ids were handed out there before. */
    private final List<String> retiredInTarget = new ArrayList<>();
    private NodeRow node;
    private long nodeId;
    private boolean skipping;
    private int itemCount;
    private long nodes;
    private long items;
    private long redirects;
    private long retired;

    StoreLoader(Connection connection, ImportMode mode, BackupProgress progress) throws SQLException {
        this.connection = connection;
        this.mode = mode;
        this.progress = progress;
        this.insertNode = connection.prepareStatement(
                "INSERT INTO pubsub_node (name, creator, created, config, parent) VALUES (?, ?, ?, ?, ?)", new String[] {"id"});
        this.nodeExists = connection.prepareStatement("SELECT 1 FROM pubsub_node WHERE name = ?");
        this.insertState = connection.prepareStatement("INSERT INTO pubsub_node_state"
                + " (node_id, last_seq, removed_seq, lost_seq, item_count) VALUES (?, ?, ?, ?, ?)");
        this.forgetRedirect = connection.prepareStatement("DELETE FROM pubsub_node_redirect WHERE name = ?");
        this.insertAffiliation = connection.prepareStatement(
                "INSERT INTO pubsub_affiliation (node_id, jid, affiliation) VALUES (?, ?, ?)");
        this.insertSubscription = connection.prepareStatement("INSERT INTO pubsub_subscription"
                + " (node_id, subid, jid, bare_jid, state, options) VALUES (?, ?, ?, ?, ?, ?)");
        this.insertItem = connection.prepareStatement("INSERT INTO pubsub_item"
                + " (node_id, seq, item_id, publisher, published, payload) VALUES (?, ?, ?, ?, ?, ?)");
        this.insertArchived = connection.prepareStatement("INSERT INTO pubsub_archive"
                + " (node_id, seq, item_id, publisher, published, payload) VALUES (?, ?, ?, ?, ?, ?)");
    }

    @Override
    public void begin(Header header) {
        progress.started(header.nodes(), header.items());
        if (mode == ImportMode.MERGE) {
            return;
        }
        sql(() -> {
            List<String> names = new ArrayList<>();
            long count;
            try (PreparedStatement select = connection.prepareStatement("SELECT COUNT(*) FROM pubsub_node");
                 ResultSet rows = select.executeQuery()) {
                rows.next();
                count = rows.getLong(1);
            }
            if (count == 0) {
                return null;
            }
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT name FROM pubsub_node ORDER BY name FETCH FIRST " + NAMED + " ROWS ONLY");
                 ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    names.add(rows.getString(1));
                }
            }
            throw new BackupException("The target store is not empty: it has " + count + " node(s) (" + named(names,
                    count) + "). Nothing was imported. Import into a new, empty store, or merge the export's nodes"
                    + " into this one (pubsub-admin import --merge).");
        });
    }

    @Override
    public void node(NodeRow row) {
        node = row;
        itemCount = 0;
        sql(() -> {
            nodeExists.setString(1, row.name());
            try (ResultSet rows = nodeExists.executeQuery()) {
                skipping = rows.next();
            }
            if (skipping) { // only in a merge: the target was found empty otherwise
                clashes.add(row.name());
                return null;
            }
            try (PreparedStatement retiredSequence = connection.prepareStatement(
                    "SELECT last_seq FROM pubsub_node_retired WHERE name = ? AND last_seq > 0")) {
                retiredSequence.setString(1, row.name());
                try (ResultSet rows = retiredSequence.executeQuery()) {
                    skipping = rows.next();
                }
            }
            if (skipping) {
                retiredInTarget.add(row.name());
                return null;
            }
            insertNode.setString(1, row.name());
            insertNode.setString(2, row.creator());
            insertNode.setObject(3, timestamp(row.created()));
            insertNode.setString(4, ConfigCodec.encode(row.config()));
            insertNode.setString(5, row.parent());
            insertNode.executeUpdate();
            try (ResultSet keys = insertNode.getGeneratedKeys()) {
                keys.next();
                nodeId = keys.getLong(1);
            }
            forgetRedirect.setString(1, row.name()); // as creating the node does: its name is no longer gone
            forgetRedirect.executeUpdate();
            return null;
        });
    }

    @Override
    public void affiliation(AffiliationRow row) {
        if (skipping) {
            return;
        }
        sql(() -> {
            insertAffiliation.setLong(1, nodeId);
            insertAffiliation.setString(2, row.jid());
            insertAffiliation.setString(3, row.affiliation());
            insertAffiliation.addBatch();
            return batched();
        });
    }

    @Override
    public void subscription(SubscriptionRow row) {
        if (skipping) {
            return;
        }
        sql(() -> {
            int slash = row.jid().indexOf('/');
            insertSubscription.setLong(1, nodeId);
            insertSubscription.setString(2, row.subId());
            insertSubscription.setString(3, row.jid());
            insertSubscription.setString(4, slash < 0 ? row.jid() : row.jid().substring(0, slash));
            insertSubscription.setString(5, row.state());
            insertSubscription.setString(6, ConfigCodec.encode(row.options()));
            insertSubscription.addBatch();
            return batched();
        });
    }

    @Override
    public void item(ItemRow row) {
        itemCount++;
        items++;
        progress.item();
        insert(insertItem, "Item", row);
    }

    @Override
    public void archived(ItemRow row) {
        insert(insertArchived, "Archived item", row);
    }

    /** Adds an item row (of the node's items or of its archive) to its batch, after checking its place. */
    private void insert(PreparedStatement insert, String what, ItemRow row) {
        if (row.seq() < 1 || row.seq() > node.lastSeq()) {
            throw new BackupException(what + " " + row.itemId() + " of node " + node.name() + " has seq " + row.seq()
                    + ", outside the node's sequence (1 to its last-seq " + node.lastSeq() + "): the export is"
                    + " damaged. Nothing was imported. Export the store again, or restore the file from a good copy.");
        }
        if (skipping) {
            return;
        }
        sql(() -> {
            insert.setLong(1, nodeId);
            insert.setLong(2, row.seq());
            insert.setString(3, row.itemId());
            insert.setString(4, row.publisher());
            insert.setObject(5, timestamp(row.published()));
            insert.setString(6, row.payload());
            insert.addBatch();
            return batched();
        });
    }

    @Override
    public void endNode() {
        nodes++;
        progress.node(node.name());
        if (skipping) {
            return;
        }
        sql(() -> {
            // the items counted here are what the node holds now; item-count in the export is for readers
            insertState.setLong(1, nodeId);
            insertState.setLong(2, node.lastSeq());
            insertState.setLong(3, node.removedSeq());
            insertState.setLong(4, node.lostSeq());
            insertState.setInt(5, itemCount);
            insertState.addBatch();
            return batched();
        });
    }

    @Override
    public void redirect(RedirectRow row) {
        redirects++;
        sql(() -> {
            flush();
            nodeExists.setString(1, row.name());
            try (ResultSet rows = nodeExists.executeQuery()) {
                if (rows.next()) {
                    return null; // a merge beside a live node of that name: the node wins, as creating it would
                }
            }
            upsert("UPDATE pubsub_node_redirect SET uri = ? WHERE name = ?",
                    "INSERT INTO pubsub_node_redirect (uri, name) VALUES (?, ?)", row.uri(), row.name());
            return null;
        });
    }

    @Override
    public void retired(RetiredRow row) {
        retired++;
        sql(() -> {
            flush();
            // a merge keeps the later of two places, so that no id of either deleted node is ever taken again
            upsert("UPDATE pubsub_node_retired SET last_seq = GREATEST(last_seq, ?) WHERE name = ?",
                    "INSERT INTO pubsub_node_retired (last_seq, name) VALUES (?, ?)", row.lastSeq(), row.name());
            return null;
        });
    }

    @Override
    public void end() {
        sql(() -> {
            flush();
            return null;
        });
        if (!retiredInTarget.isEmpty()) {
            throw new BackupException(retiredInTarget.size() + " node(s) of the export were deleted from the target"
                    + " store before (" + named(retiredInTarget.subList(0, Math.min(NAMED, retiredInTarget.size())),
                    retiredInTarget.size()) + "): their SSE event ids were handed out there already, and a client"
                    + " resuming with one would be replayed the wrong items. Nothing was imported. Import into a new,"
                    + " empty store.");
        }
        if (!clashes.isEmpty()) {
            throw new BackupException(clashes.size() + " node(s) of the export exist in the target store already ("
                    + named(clashes.subList(0, Math.min(NAMED, clashes.size())), clashes.size()) + "). Nothing was"
                    + " imported: nodes are never merged into each other. Delete them from the target store"
                    + " (pubsub-admin delete-node) or import into an empty store.");
        }
    }

    /** What was imported: the counts of what was told, all of it written once the caller commits. */
    BackupSummary summary() {
        return new BackupSummary(nodes, items, redirects, retired);
    }

    private void upsert(String update, String insert, Object value, String name) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(update)) {
            statement.setObject(1, value);
            statement.setString(2, name);
            if (statement.executeUpdate() > 0) {
                return;
            }
        }
        try (PreparedStatement statement = connection.prepareStatement(insert)) {
            statement.setObject(1, value);
            statement.setString(2, name);
            statement.executeUpdate();
        }
    }

    private Void batched() throws SQLException {
        if (++batched >= BATCH) {
            flush();
        }
        return null;
    }

    /** Sends the batched rows (in any order: the nodes they belong to went in on their own, before them). */
    private void flush() throws SQLException {
        if (batched == 0) {
            return;
        }
        insertAffiliation.executeBatch();
        insertSubscription.executeBatch();
        insertItem.executeBatch();
        insertArchived.executeBatch();
        insertState.executeBatch();
        batched = 0;
    }

    private static String named(List<String> names, long count) {
        return String.join(", ", names) + (count > names.size() ? ", and " + (count - names.size()) + " more" : "");
    }

    private static OffsetDateTime timestamp(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private interface SqlWork {
        Void run() throws SQLException;
    }

    private static void sql(SqlWork work) {
        try {
            work.run();
        } catch (SQLException e) {
            throw new TargetFailed(e);
        }
    }

    /** A statement on the target failed; the facade says so with the export's or source's words. */
    static final class TargetFailed extends RuntimeException {
        TargetFailed(SQLException cause) {
            super(cause.getMessage(), cause);
        }
    }

    @Override
    public void close() throws SQLException {
        for (PreparedStatement statement : List.of(insertNode, nodeExists, insertState, forgetRedirect,
                insertAffiliation, insertSubscription, insertItem, insertArchived)) {
            statement.close();
        }
    }
}
