package org.pubsubserver.core.usecase;

import java.util.ArrayList;
import java.util.List;
import org.pubsubserver.core.model.Node;
import org.xmpp.packet.JID;

/**
 * XEP-0248 for streams: the leaves below a collection that a reader may read (each leaf's own access model,
 * §security-access; anonymous: the open ones), breadth first, at most {@link #MAX_LEAVES} and
 * {@link Hierarchy#MAX_DEPTH} levels. Runs on the collection's lane and reads the leaves across lanes (reads only).
 */
public final class CollectionLeaves {
    /** The most leaves one stream of a collection carries (as a stream of several nodes, 64). */
    public static final int MAX_LEAVES = 64;

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
        for (int depth = 1; depth <= Hierarchy.MAX_DEPTH && !level.isEmpty() && leaves.size() < MAX_LEAVES; depth++) {
            List<String> next = new ArrayList<>();
            for (String name : level) {
                Node child = context.store().findNode(name).orElse(null);
                if (child == null || leaves.size() >= MAX_LEAVES) {
                    continue;
                }
                if (child.isCollection()) {
                    next.addAll(context.store().children(name));
                } else if (context.access().mayRead(child, reader, () -> context.store().subscriptions(child))) {
                    leaves.add(name);
                }
            }
            level = next;
        }
        return leaves;
    }
}
