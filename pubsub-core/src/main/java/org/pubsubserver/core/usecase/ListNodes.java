package org.pubsubserver.core.usecase;

import java.util.List;
import org.pubsubserver.core.model.AccessModel;
import org.pubsubserver.core.model.Node;

/** The service's nodes by name (XEP-0060 §5.2 disco#items), and those anyone may read (the web page). */
public final class ListNodes {
    private final UseCaseContext context;

    public ListNodes(UseCaseContext context) {
        this.context = context;
    }

    /** Every node's name, sorted. */
    public List<String> all() {
        return context.store().nodeNames();
    }

    /** XEP-0248 §root: the nodes directly below the root (without a parent collection), sorted. */
    public List<String> topLevel() {
        return context.store().topLevelNodeNames();
    }

    /** XEP-0248 §disco-nodes: the children of a node (none for a leaf); item-not-found when there is no such node. */
    public ListNodes.Children children(String name) {
        Node node = context.requireNode(name);
        return new Children(node, node.isCollection() ? context.store().children(name) : List.of());
    }

    /** A node and the names of its children, sorted. */
    public record Children(Node node, List<String> names) {
        public Children {
            names = List.copyOf(names);
        }
    }

    /** The names of the nodes whose access model is open, sorted, at most {@code atMost} of them. */
    public List<String> open(int atMost) {
        return context.store().nodeNames().stream()
                .filter(name -> context.store().findNode(name)
                        .map(node -> node.config().accessModel() == AccessModel.OPEN).orElse(false))
                .limit(atMost)
                .toList();
    }
}
