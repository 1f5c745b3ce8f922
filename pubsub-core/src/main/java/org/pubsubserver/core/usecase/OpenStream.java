package org.pubsubserver.core.usecase;

import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.pubsubserver.core.model.ArchivePage;
import org.pubsubserver.core.model.ArchiveQuery;
import org.pubsubserver.core.model.Item;
import org.pubsubserver.core.model.Node;
import org.pubsubserver.core.model.StreamPosition;
import org.xmpp.packet.JID;

/**
 * Opens a stream of a node's items (the SSE endpoint): checks that the reader may read, and works out
 * what to send before the live events. A stream that resumes after an event id (an item's sequence) gets
 * every item stored after it, oldest first, exactly once; it gets a reset instead when a told removal (a
 * retract or eviction with an event, a purge) came after it, when an item published after it was removed
 * untold (see {@link StreamPosition#replayableAfter}) and the node's archive does not have it, or when it is too
 * far behind. An untold removal of an
 * item it saw is not told to it, as to live streams; expiry is not looked at. This runs on the node's lane
 * and hands the start to {@code onLane} there, so the caller can register the stream before any later
 * event of the node is broadcast: nothing is lost or repeated between the replay and the live events.
 */
public final class OpenStream {
    /** No resume: only live events (and the newest {@code lastItems}). */
    public static final long NO_RESUME = -1;
    /** A Last-Event-ID that is not one of ours: the stream starts with a reset. */
    public static final long UNKNOWN_ID = -2;
    /** The most items replayed; a stream further behind gets a reset. */
    public static final int MAX_REPLAY = 1000;
    /** The most payload bytes (UTF-16 units) replayed at once: a stream further behind gets a reset. */
    public static final long MAX_REPLAY_CHARS = 4L * 1024 * 1024;

    /** {@code reader}: null for anonymous. {@code lastItems}: newest items to send on a first connect. */
    public record Request(String node, JID reader, long afterSequence, int lastItems) {
        public Request {
            Objects.requireNonNull(node, "node");
        }
    }

    /**
     * What the stream starts with: the items to replay, or a reset; {@code position} is where the node's
     * sequence stands (the id a reset carries, so a stream that reconnects after it resumes from there).
     */
    public record Start(Node node, List<Item> items, boolean reset, long position) {
        public Start {
            items = List.copyOf(items);
        }
    }

    /**
     * {@code COLLECTION}: the node is a collection (XEP-0248) the reader may read; it has no items of its own, and
     * nothing was started: its stream is one of the leaves below it ({@link CollectionLeaves}).
     */
    public enum Outcome { OPENED, NO_SUCH_NODE, NOT_ALLOWED, COLLECTION }

    private final UseCaseContext context;

    public OpenStream(UseCaseContext context) {
        this.context = context;
    }

    public Outcome execute(Request request, Consumer<Start> onLane) {
        Node node = context.store().findNode(request.node()).orElse(null);
        if (node == null) {
            return Outcome.NO_SUCH_NODE;
        }
        if (!context.access().mayRead(node, request.reader(), () -> context.activeSubscriptions(node))) {
            return Outcome.NOT_ALLOWED;
        }
        if (node.isCollection()) {
            return Outcome.COLLECTION;
        }
        context.removeExpiredItems(node);
        onLane.accept(start(node, request));
        return Outcome.OPENED;
    }

    /**
     * The items no newer than the position read before them. Where other instances share the store, items may have
     * been committed between the two reads (each its own statement); those reach the stream live, as events after
     * its opening, so the replay must stop where the position says.
     */
    private static List<Item> upTo(StreamPosition position, List<Item> items) {
        int end = items.size();
        while (end > 0 && items.get(end - 1).sequence() > position.last()) {
            end--;
        }
        return end == items.size() ? items : items.subList(0, end);
    }

    /**
     * What the stream missed, from the node's archive (XEP-0442), where the items it missed are gone from the node
     * untold (pushed out by max_items, say) and only so: every place after {@code after} is then an item published
     * (told removals take places, untold ones do not), and the archive gives them all as live streams were sent them,
     * a replaced item's earlier version too. Null (a reset) when a told removal came after it, or the archive does not
     * hold every one of those places (off for the node then, or trimmed past them), or more than a replay takes.
     */
    private List<Item> fromArchive(Node node, StreamPosition position, long after) {
        if (after > position.last() || position.removed() > after
                || position.last() - after > MAX_REPLAY || !context.settings().archive().archives(node.config())) {
            return null;
        }
        int missed = (int) (position.last() - after);
        List<Item> archived = context.store().archivePage(node, new ArchiveQuery(null, null, null, after,
                position.last() + 1, List.of(), missed, false, List.of())).map(ArchivePage::items).orElse(List.of());
        boolean everyPlace = archived.size() == missed && (missed == 0
                || archived.get(0).sequence() == after + 1 && archived.get(missed - 1).sequence() == position.last());
        return everyPlace ? archived : null;
    }

    private Start start(Node node, Request request) {
        long after = request.afterSequence();
        StreamPosition position = context.store().streamPosition(node);
        if (after == NO_RESUME) {
            List<Item> newest = request.lastItems() > 0
                    ? upTo(position, context.store().items(node, Math.min(request.lastItems(), MAX_REPLAY)))
                    : List.of();
            // the newest of them that fit the budget
            long chars = 0;
            int from = newest.size();
            while (from > 0 && chars + newest.get(from - 1).payloadXml().length() <= MAX_REPLAY_CHARS) {
                chars += newest.get(--from).payloadXml().length();
            }
            return new Start(node, newest.subList(from, newest.size()), false, position.last());
        }
        if (after == UNKNOWN_ID) {
            return new Start(node, List.of(), true, position.last());
        }
        List<Item> items;
        if (position.replayableAfter(after)) {
            items = upTo(position, context.store().itemsAfter(node, after, MAX_REPLAY + 1));
        } else {
            items = fromArchive(node, position, after);
            if (items == null) {
                return new Start(node, List.of(), true, position.last());
            }
        }
        long chars = items.stream().mapToLong(item -> item.payloadXml().length()).sum();
        return items.size() > MAX_REPLAY || chars > MAX_REPLAY_CHARS ? new Start(node, List.of(), true, position.last())
                : new Start(node, items, false, position.last());
    }
}
