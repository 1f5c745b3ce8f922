package org.pubsubserver.core.usecase;

import java.util.List;
import org.pubsubserver.core.model.AccessModel;

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

    /** The names of the nodes whose access model is open, sorted, at most {@code atMost} of them. */
    public List<String> open(int atMost) {
        return context.store().nodeNames().stream()
                .filter(name -> context.store().findNode(name)
                        .map(node -> node.config().accessModel() == AccessModel.OPEN).orElse(false))
                .limit(atMost)
                .toList();
    }
}
