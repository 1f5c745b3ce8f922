package org.pubsubserver.core.usecase;

import java.util.Optional;
import org.pubsubserver.core.model.Node;

/** A node as stored, if there is one, with no access check: for surfaces that need its configuration. */
public final class FindNode {
    private final UseCaseContext context;

    public FindNode(UseCaseContext context) {
        this.context = context;
    }

    public Optional<Node> execute(String name) {
        return context.store().findNode(name);
    }
}
