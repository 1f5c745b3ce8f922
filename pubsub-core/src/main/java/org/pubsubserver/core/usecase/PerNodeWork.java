package org.pubsubserver.core.usecase;

import java.util.List;
import java.util.function.Supplier;
import org.pubsubserver.core.event.EventSink;

/**
 * A use case that acts on many nodes: it names them from a read across nodes (on the service lane), then
 * acts on each one on that node's own lane, where writes to the node happen. The engine schedules it.
 */
public interface PerNodeWork {
    /** The nodes to act on. Runs on the service lane. */
    List<String> nodes();

    /** Acts on one node; returns how many things it did (items removed, subscriptions ended, nodes swept). */
    int onNode(String node, EventSink events);

    /** The work made of its two steps. */
    static PerNodeWork of(Supplier<List<String>> nodes, OnNode onNode) {
        return new PerNodeWork() {
            @Override
            public List<String> nodes() {
                return nodes.get();
            }

            @Override
            public int onNode(String node, EventSink events) {
                return onNode.apply(node, events);
            }
        };
    }

    /** {@link #onNode} as a function. */
    @FunctionalInterface
    interface OnNode {
        int apply(String node, EventSink events);
    }
}
