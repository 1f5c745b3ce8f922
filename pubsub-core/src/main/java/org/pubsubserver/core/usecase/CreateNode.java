package org.pubsubserver.core.usecase;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import org.pubsubserver.core.config.InvalidConfigException;
import org.pubsubserver.core.error.PubSubCondition;
import org.pubsubserver.core.error.PubSubException;
import org.pubsubserver.core.error.StanzaCondition;
import org.pubsubserver.core.event.CollectionChanged;
import org.pubsubserver.core.event.EventSink;
import org.pubsubserver.core.model.Node;
import org.pubsubserver.core.model.NodeConfig;
import org.xmpp.packet.JID;

/** XEP-0060 §8.1: create a node, with the default configuration or the submitted one (§8.1.3); the creator owns it. */
public final class CreateNode {
    /**
     * {@code node} is the name to create; for an instant node (§8.1.2) see {@link #instantNodeName()}.
     * {@code config}: submitted {@code pubsub#node_config} fields (var to value), or null for the defaults.
     */
    public record Request(JID requester, String node, Map<String, String> config) {
        public Request {
            Objects.requireNonNull(requester, "requester");
            Objects.requireNonNull(node, "node");
            config = config == null ? null : Map.copyOf(config);
        }

        public Request(JID requester, String node) {
            this(requester, node, null);
        }
    }

    private final UseCaseContext context;

    public CreateNode(UseCaseContext context) {
        this.context = context;
    }

    /**
     * A unique name for an instant node, chosen before the request goes to the node's lane, so possibly on
     * an I/O thread: 128 random bits from {@link ThreadLocalRandom}, which never blocks (a name needs to be
     * unique, not secret).
     */
    public static String instantNodeName() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return String.format("%016x%016x", random.nextLong(), random.nextLong());
    }

    /**
     * Creates the node; a collection where the form asks for one (XEP-0248 §createnode), in the collection its
     * {@code pubsub#collection} names (whose nodes subscribers are told, §notify), with the children its
     * {@code pubsub#children} names.
     */
    public Node execute(Request request, EventSink events) {
        if (request.node().isEmpty()) {
            throw PubSubException.of(StanzaCondition.NOT_ACCEPTABLE, "a node name must not be empty");
        }
        context.access().requireMayCreateNode(request.requester()); // §8.1.1
        NodeConfig config = context.settings().defaultNodeConfig();
        GraphChanges.Asked graph = new GraphChanges.Asked(null, null);
        if (request.config() != null) {
            Map<String, String> submitted = GraphChanges.copy(request.config());
            graph = GraphChanges.takeFrom(submitted);
            try {
                config = config.with(submitted);
            } catch (InvalidConfigException e) {
                // §8.1.2 (an access model the service does not support), §8.1.3
                throw "pubsub#access_model".equals(e.var())
                        ? PubSubException.of(StanzaCondition.NOT_ACCEPTABLE, PubSubCondition.UNSUPPORTED_ACCESS_MODEL,
                                e.getMessage())
                        : PubSubException.of(StanzaCondition.NOT_ACCEPTABLE, e.getMessage());
            }
        }
        context.access().requireOfferedAccessModel(config.accessModel());
        Node parent = graph.parent() == null || graph.parent().isEmpty() ? null
                : Hierarchy.requireMayAssociate(context, graph.parent(), request.node(), request.requester());
        if (graph.children() != null && !graph.children().isEmpty() && !config.isCollection()) {
            throw PubSubException.of(StanzaCondition.NOT_ALLOWED, PubSubCondition.INVALID_OPTIONS,
                    "a leaf has no children (XEP-0248 §error-children-on-leaf)");
        }
        Node created = context.store()
                .createNode(request.node(), request.requester().asBareJID(), config, context.clock().instant(),
                        parent == null ? null : parent.name())
                .orElseThrow(() -> PubSubException.of(StanzaCondition.CONFLICT,
                        "node " + request.node() + " already exists"));
        if (graph.children() != null) {
            GraphChanges.setChildren(context, created, graph.children(), request.requester(), events);
        }
        if (parent != null) {
            Hierarchy.tellNodes(context, parent, created.name(), CollectionChanged.Change.CREATED, events);
        }
        return created;
    }
}
