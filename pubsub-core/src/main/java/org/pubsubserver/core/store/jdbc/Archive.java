package org.pubsubserver.core.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
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
            ArchiveQuery bounded = withinTimes(connection, node, withinIds(query));
            return Optional.of(bounded.fromEnd() ? fromEnd(connection, node, bounded) : fromStart(connection, node, bounded));
        });
    }

    /**
     * The oldest matching rows after {@code query.after()}. H2 does not use a range on the key's second column when
     * asked to walk the key in order (ORDER BY node_id, seq: it walks the node's rows from the first), and sorts what
     * a range gives (ORDER BY seq): so the rows are read in windows of places, each twice as wide as the one before,
     * until the page is full or the range is walked. Places are dense where nothing filters (one window of twice
     * the page), and the walk reads no more rows than one through the range would.
     */
    private static ArchivePage fromStart(Connection connection, Node node, ArchiveQuery query) throws SQLException {
        long end = Math.min(query.before(), NodeCounters.read(connection, node.id()).lastSeq + 1);
        long lower = query.after();
        long window = 2L * (query.max() + 1);
        List<Item> oldest = new ArrayList<>();
        while (lower < end - 1 && oldest.size() <= query.max()) {
            long upper = Math.min(end, lower + window + 1);
            oldest.addAll(select(connection, node, query, lower, upper, query.max() + 1 - oldest.size()));
            lower = upper - 1;
            window = Math.min(window * 2, 1L << 40);
        }
        boolean complete = oldest.size() <= query.max(); // one more than the page: whether the page is the last
        return new ArchivePage(complete ? oldest : oldest.subList(0, query.max()), complete);
    }

    /**
     * The newest matching rows before {@code query.before()}: windows of places back from the end, as above. The
     * windows yield places only (a window may be wide and its rows large); the page's rows are then read by place.
     */
    private static ArchivePage fromEnd(Connection connection, Node node, ArchiveQuery query) throws SQLException {
        long upper = Math.min(query.before(), NodeCounters.read(connection, node.id()).lastSeq + 1);
        long window = 2L * (query.max() + 1);
        java.util.ArrayDeque<Long> newest = new java.util.ArrayDeque<>(); // oldest first, at most max + 1
        while (upper > query.after() + 1 && newest.size() <= query.max()) {
            long lower = Math.max(query.after(), upper - window - 1);
            List<Long> found = places(connection, node, query, lower, upper);
            for (int i = found.size() - 1; i >= 0 && newest.size() <= query.max(); i--) {
                newest.addFirst(found.get(i));
            }
            upper = lower + 1;
            window = Math.min(window * 2, 1L << 40);
        }
        boolean complete = newest.size() <= query.max();
        if (!complete) {
            newest.removeFirst();
        }
        if (newest.isEmpty()) {
            return new ArchivePage(List.of(), complete);
        }
        ArchiveQuery byPlace = new ArchiveQuery(null, null, null, newest.getFirst() - 1, newest.getLast() + 1,
                List.copyOf(newest), newest.size(), false, List.of());
        return new ArchivePage(select(connection, node, byPlace, byPlace.after(), byPlace.before(), newest.size()),
                complete);
    }

    /** The places of the matching rows between {@code after} and {@code before} (both out), oldest first. */
    private static List<Long> places(Connection connection, Node node, ArchiveQuery query, long after, long before)
            throws SQLException {
        List<Long> places = new ArrayList<>();
        try (PreparedStatement select = statement(connection, node, query, "seq", after, before, Integer.MAX_VALUE);
             ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                places.add(rows.getLong(1));
            }
        }
        return places;
    }

    /** The query with its places narrowed to the ids it names, if any: the walk reads no rows outside them. */
    private static ArchiveQuery withinIds(ArchiveQuery query) {
        if (query.ids().isEmpty()) {
            return query;
        }
        long lowest = query.ids().stream().mapToLong(Long::longValue).min().orElseThrow();
        long highest = query.ids().stream().mapToLong(Long::longValue).max().orElseThrow();
        return new ArchiveQuery(query.start(), query.end(), query.with(), Math.max(query.after(), lowest - 1),
                Math.min(query.before(), highest + 1), query.ids(), query.max(), query.fromEnd(), query.mustExist());
    }

    /**
     * The query with its places narrowed to its times: {@code start} and {@code end} found by binary searches over the
     * places (each probe a few index lookups), so that a walk for a page never reads the rows before the start or
     * after the end. The times of a node's items grow along its sequence unless the server's clock was set back; the
     * rows walked are still filtered by time exactly, but an item published before such a jump, with a time after
     * it, can be left out of a time-filtered query.
     */
    private static ArchiveQuery withinTimes(Connection connection, Node node, ArchiveQuery query) throws SQLException {
        if (query.start() == null && query.end() == null) {
            return query;
        }
        long last = NodeCounters.read(connection, node.id()).lastSeq + 1;
        long after = query.after();
        long before = Math.min(query.before(), last);
        if (query.start() != null) {
            after = Math.max(after, firstPlaceWhere(connection, node, after, before, published -> !published.isBefore(query.start())) - 1);
        }
        if (query.end() != null) {
            before = Math.min(before, firstPlaceWhere(connection, node, after, before, published -> published.isAfter(query.end())));
        }
        return new ArchiveQuery(query.start(), query.end(), query.with(), after, before, query.ids(), query.max(),
                query.fromEnd(), query.mustExist());
    }

    /**
     * The smallest place in (after, before] from which the first archived row has a time that {@code test} accepts
     * (or from which there is none): a binary search, for a test that once true stays true along the sequence.
     */
    private static long firstPlaceWhere(Connection connection, Node node, long after, long before,
                                        java.util.function.Predicate<Instant> test) throws SQLException {
        long lo = after + 1;
        long hi = before;
        while (lo < hi) {
            long mid = lo + (hi - lo) / 2;
            Instant first = firstTimeFrom(connection, node, mid, before);
            if (first == null || test.test(first)) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    /** The time of the first archived row at or after {@code place} and before {@code before}; null when none. */
    private static Instant firstTimeFrom(Connection connection, Node node, long place, long before) throws SQLException {
        long lower = place - 1;
        long window = 64;
        try (PreparedStatement select = connection.prepareStatement("SELECT published FROM pubsub_archive"
                + " WHERE node_id = ? AND seq > ? AND seq < ? ORDER BY seq FETCH FIRST 1 ROWS ONLY")) {
            while (lower < before - 1) {
                long upper = Math.min(before, lower + window + 1);
                select.setLong(1, node.id());
                select.setLong(2, lower);
                select.setLong(3, upper);
                try (ResultSet rows = select.executeQuery()) {
                    if (rows.next()) {
                        return rows.getObject(1, OffsetDateTime.class).toInstant();
                    }
                }
                lower = upper - 1;
                window = Math.min(window * 2, 1L << 40);
            }
        }
        return null;
    }

    /** The matching rows with places between {@code after} and {@code before} (both out), oldest first, at most {@code limit}. */
    private static List<Item> select(Connection connection, Node node, ArchiveQuery query, long after, long before,
                                     int limit) throws SQLException {
        try (PreparedStatement select = statement(connection, node, query, ItemSql.COLUMNS, after, before, limit)) {
            return ItemSql.items(select);
        }
    }

    /** The statement that selects {@code columns} of the matching rows between two places, in their order. */
    private static PreparedStatement statement(Connection connection, Node node, ArchiveQuery query, String columns,
                                               long after, long before, int limit) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT ").append(columns)
                .append(" FROM pubsub_archive WHERE node_id = ? AND seq > ? AND seq < ?");
        if (query.start() != null) {
            sql.append(" AND published >= ?");
        }
        if (query.end() != null) {
            sql.append(" AND published <= ?");
        }
        boolean fullJid = query.with() != null && query.with().indexOf('/') >= 0;
        if (query.with() != null) {
            // a full JID matches itself; a bare JID itself and any of its resources (compared as text, whatever the
            // database's collation)
            sql.append(fullJid ? " AND publisher = ?" : " AND (publisher = ? OR LEFT(publisher, ?) = ?)");
        }
        if (!query.ids().isEmpty()) {
            sql.append(" AND seq IN (").append(placeholders(query.ids().size())).append(")"); // = ANY(?) would scan
        }
        sql.append(" ORDER BY seq FETCH FIRST ? ROWS ONLY"); // not "node_id, seq": see fromStart
        PreparedStatement select = connection.prepareStatement(sql.toString());
        try {
            int at = 0;
            select.setLong(++at, node.id());
            select.setLong(++at, after);
            select.setLong(++at, before);
            if (query.start() != null) {
                select.setObject(++at, ItemSql.timestamp(query.start()));
            }
            if (query.end() != null) {
                select.setObject(++at, ItemSql.timestamp(query.end()));
            }
            if (query.with() != null) {
                select.setString(++at, query.with());
                if (!fullJid) {
                    select.setInt(++at, query.with().length() + 1);
                    select.setString(++at, query.with() + "/");
                }
            }
            for (long id : query.ids()) {
                select.setLong(++at, id);
            }
            select.setInt(++at, limit);
            return select;
        } catch (SQLException | RuntimeException e) {
            select.close();
            throw e;
        }
    }

    private static boolean allArchived(Connection connection, Node node, List<Long> places) throws SQLException {
        if (places.isEmpty()) {
            return true;
        }
        HashSet<Long> distinct = new HashSet<>(places);
        try (PreparedStatement count = connection.prepareStatement("SELECT COUNT(*) FROM pubsub_archive WHERE node_id = ?"
                + " AND seq IN (" + placeholders(distinct.size()) + ")")) { // an index lookup each: = ANY(?) would scan
            count.setLong(1, node.id());
            int at = 1;
            for (long place : distinct) {
                count.setLong(++at, place);
            }
            try (ResultSet rows = count.executeQuery()) {
                rows.next();
                return rows.getInt(1) == distinct.size();
            }
        }
    }

    private static String placeholders(int count) {
        return String.join(", ", java.util.Collections.nCopies(count, "?"));
    }

    /**
     * Removes the node's oldest archived items but those of the newest {@code keepPlaces} places of its sequence, and
     * those published before {@code publishedBefore} (null: no age limit), at most {@code atMost} of them, the oldest
     * first and without gaps (XEP-0313 §2.2: only the oldest go). Places, not rows, are counted: a few index lookups
     * whatever the archive's size (a told retraction or purge takes a place too, so the archive may keep a few less
     * than {@code keepPlaces} items, never more). Returns how many went.
     */
    int trim(Node node, long keepPlaces, Instant publishedBefore, int atMost) {
        // the newest place to remove, read first: a sweep of many nodes writes only where there is something to trim
        Long newestToGo = transactions.read("plan the trim of the archive of " + node.name(), connection -> {
            long oldest;
            Instant oldestPublished;
            try (PreparedStatement select = connection.prepareStatement("SELECT seq, published FROM pubsub_archive"
                    + " WHERE node_id = ? AND seq > ? ORDER BY node_id, seq FETCH FIRST 1 ROWS ONLY")) {
                select.setLong(1, node.id());
                select.setLong(2, Long.MIN_VALUE);
                try (ResultSet rows = select.executeQuery()) {
                    if (!rows.next()) {
                        return null;
                    }
                    oldest = rows.getLong(1);
                    oldestPublished = rows.getObject(2, OffsetDateTime.class).toInstant();
                }
            }
            long newest = NodeCounters.read(connection, node.id()).lastSeq; // the newest place taken, archived or not
            long limit = oldest + atMost - 1; // places are distinct: no more than atMost rows up to there
            long cut = newest - keepPlaces; // the newest place to remove
            if (publishedBefore != null && oldestPublished.isBefore(publishedBefore)) {
                // the first one kept among those that may go: the walk reads no more rows than it may remove
                try (PreparedStatement select = connection.prepareStatement("SELECT seq FROM pubsub_archive"
                        + " WHERE node_id = ? AND seq >= ? AND seq <= ? AND published >= ? ORDER BY seq FETCH FIRST 1 ROWS ONLY")) {
                    select.setLong(1, node.id());
                    select.setLong(2, oldest);
                    select.setLong(3, limit);
                    select.setObject(4, ItemSql.timestamp(publishedBefore));
                    try (ResultSet rows = select.executeQuery()) {
                        cut = Math.max(cut, rows.next() ? rows.getLong(1) - 1 : limit);
                    }
                }
            }
            cut = Math.min(cut, limit);
            return cut < oldest ? null : cut;
        });
        if (newestToGo == null) {
            return 0;
        }
        return transactions.write("trim the archive of " + node.name(), connection -> {
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM pubsub_archive WHERE node_id = ? AND seq <= ?")) {
                delete.setLong(1, node.id());
                delete.setLong(2, newestToGo);
                return delete.executeUpdate();
            }
        });
    }
}
