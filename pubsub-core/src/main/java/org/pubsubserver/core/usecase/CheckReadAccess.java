package org.pubsubserver.core.usecase;

import java.util.Optional;
import org.xmpp.packet.JID;

/**
 * Whether a reader may read a node's items, as item retrieval (XEP-0060 §6.5) would allow: what a web
 * stream checks before it opens and when the node's configuration changes.
 */
public final class CheckReadAccess {
    private final UseCaseContext context;

    public CheckReadAccess(UseCaseContext context) {
        this.context = context;
    }

    /** {@code reader} null: anonymous (open nodes only). Empty when there is no such node. */
    public Optional<Boolean> execute(String name, JID reader) {
        return context.store().findNode(name)
                .map(node -> context.access().mayRead(node, reader, () -> context.activeSubscriptions(node)));
    }
}
