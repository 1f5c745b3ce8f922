package org.pubsubserver.core.usecase;

import java.util.ArrayList;
import java.util.List;
import org.pubsubserver.core.model.Node;
import org.pubsubserver.core.model.Subscription;
import org.xmpp.packet.JID;

/**
 * XEP-0248 for streams: the leaves below a collection that a reader may read (each leaf's own access model,
 * §security-access; anonymous: the open ones), breadth first, at most {@link #MAX_LEAVES} and
 * {@link Hierarchy#MAX_DEPTH} levels. Runs on the collection's lane and reads the leaves across lanes (reads only).
 */
public final class CollectionLeaves {
    /** The most leaves one stream of a collection carries (as a stream of several nodes, 64). */
    public static final int MAX_LEAVES = 64;
    /** The most nodes one walk looks at (collections and unreadable leaves too): the walk's work is bounded. */
    static final int MAX_VISITED = 1000;

    private final UseCaseContext context;

    public CollectionLeaves(UseCaseContext context) {
        this.context = context;
    }

    /** The names of the readable leaves below the collection; none for a node that is not a collection. */
    public List<String> readableBy(String collection, JID reader) {
        Node top = context.store().findNode(collection).orElse(null);
        if (top == null || !top.isCollection()) {
            return List.of();
        }
        List<String> leaves = new ArrayList<>();
        List<String> level = context.store().children(collection);
        int visited = 0;
        for (int depth = 1; depth <= Hierarchy.MAX_DEPTH && !level.isEmpty() && leaves.size() < MAX_LEAVES; depth++) {
            List<String> next = new ArrayList<>();
            for (String name : level) {
                if (leaves.size() >= MAX_LEAVES || ++visited > MAX_VISITED) {
                    break;
                }
                Node child = context.store().findNode(name).orElse(null);
                if (child == null) {
                    continue;
                }
                if (child.isCollection()) {
                    next.addAll(context.store().children(name));
                } else if (context.access().mayRead(child, reader, () -> unexpired(child))) {
                    leaves.add(name);
                }
            }
            level = next;
        }
        return leaves;
    }

    /** The leaf's subscriptions whose lease has not ended, read only: this walk writes to no node but its own. */
    private List<Subscription> unexpired(Node leaf) {
        java.time.Instant now = context.clock().instant();
        return context.store().subscriptions(leaf).stream().filter(s -> !s.options().expiredAt(now)).toList();
    }
}
