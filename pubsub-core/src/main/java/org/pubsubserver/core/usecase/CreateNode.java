package org.pubsubserver.core.usecase;

import java.util.Objects;
import java.util.UUID;
import org.pubsubserver.core.error.PubSubException;
import org.pubsubserver.core.error.StanzaCondition;
import org.pubsubserver.core.model.Node;
import org.xmpp.packet.JID;

/** XEP-0060 §8.1: create a node; the creator becomes its owner. */
public final class CreateNode {
    /** {@code node} is the name to create; for an instant node (§8.1.2) see {@link #instantNodeName()}. */
    public record Request(JID requester, String node) {
        public Request {
            Objects.requireNonNull(requester, "requester");
            Objects.requireNonNull(node, "node");
        }
    }

    private final UseCaseContext context;

    public CreateNode(UseCaseContext context) {
        this.context = context;
    }

    /** A unique name for an instant node, chosen before the request goes to the node's lane. */
    public static String instantNodeName() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    public Node execute(Request request) {
        if (request.node().isEmpty()) {
            throw PubSubException.of(StanzaCondition.NOT_ACCEPTABLE, "a node name must not be empty");
        }
        return context.store()
                .createNode(request.node(), request.requester().asBareJID(), context.settings().defaultNodeConfig(),
                        context.clock().instant())
                .orElseThrow(() -> PubSubException.of(StanzaCondition.CONFLICT,
                        "node " + request.node() + " already exists"));
    }
}
