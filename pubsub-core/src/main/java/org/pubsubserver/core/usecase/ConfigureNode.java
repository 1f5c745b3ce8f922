package org.pubsubserver.core.usecase;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.pubsubserver.core.config.InvalidConfigException;
import org.pubsubserver.core.error.PubSubCondition;
import org.pubsubserver.core.error.PubSubException;
import org.pubsubserver.core.error.StanzaCondition;
import org.pubsubserver.core.event.EventSink;
import org.pubsubserver.core.event.NodeConfigured;
import org.pubsubserver.core.event.NodePurged;
import org.pubsubserver.core.model.Node;
import org.pubsubserver.core.model.NodeConfig;
import org.pubsubserver.core.model.Subscription;
import org.xmpp.packet.JID;

/**
 * XEP-0060 §8.2: an owner reads a node's configuration (§8.2.1) or submits a change (§8.2.4); with
 * notify_config the subscribers are told (§8.2.5.3).
 */
public final class ConfigureNode {
    /** {@code changes}: submitted fields (var to value), or null to read the configuration. */
    public record Request(JID requester, String node, Map<String, String> changes) {
        public Request {
            Objects.requireNonNull(requester, "requester");
            Objects.requireNonNull(node, "node");
            changes = changes == null ? null : Map.copyOf(changes);
        }
    }

    private final UseCaseContext context;

    public ConfigureNode(UseCaseContext context) {
        this.context = context;
    }

    /**
     * The node with its configuration as it now is; read, with its place in the node graph as the form shows it
     * (pubsub#collection, pubsub#children: XEP-0248 §impl-config).
     */
    public Node execute(Request request, EventSink events) {
        Node node = context.requireOwnedNode(request.node(), request.requester());
        if (request.changes() == null) {
            List<String> children = node.isCollection() ? context.store().children(node.name()) : List.of();
            return node.withConfig(node.config().withGraph(node.parent(), children));
        }
        Map<String, String> submitted = GraphChanges.copy(request.changes());
        GraphChanges.Asked graph = GraphChanges.takeFrom(submitted);
        NodeConfig changed;
        try {
            changed = node.config().with(submitted);
        } catch (InvalidConfigException e) {
            throw PubSubException.of(StanzaCondition.NOT_ACCEPTABLE, e.getMessage()); // §8.2.5.2
        }
        if (node.isCollection() && !changed.isCollection()) {
            throw PubSubException.of(StanzaCondition.NOT_ALLOWED, PubSubCondition.INVALID_OPTIONS,
                    "a collection never becomes a leaf (XEP-0248 §error-node-type)");
        }
        boolean becomesCollection = !node.isCollection() && changed.isCollection();
        if (changed.accessModel() != node.config().accessModel()) {
            context.access().requireOfferedAccessModel(changed.accessModel()); // §8.2.5.2
        }
        // a change of access model ends the subscriptions of those it shuts out (now a whitelist, or not in
        // the owner's roster), checked before the write: a check may need rosters, and the request runs again
        Node prospective = node.withConfig(changed);
        List<Subscription> subscribers = context.activeSubscriptions(node);
        List<Subscription> shutOut = subscribers.stream()
                .filter(subscription -> !context.access().mayKeepSubscription(prospective, subscription.jid()))
                .toList();
        Node newParent = graph.parent() == null ? null
                : GraphChanges.checkParent(context, node, graph.parent(), request.requester());
        if (graph.children() != null) {
            // checked and written before the configuration: a refused child leaves everything as it was
            GraphChanges.setChildren(context, prospective, graph.children(), request.requester(), events);
        }
        Node configured = context.store().updateConfig(node, changed);
        if (graph.parent() != null) {
            configured = GraphChanges.setParent(context, configured, graph.parent(), newParent, events);
        }
        if (becomesCollection && context.store().itemCount(node) > 0) {
            // §change-to-collection: a collection holds no items; the subscribers are told of the purge
            context.store().purgeItems(node);
            events.emit(new NodePurged(configured, subscribers, context.store().streamPosition(node).removed()));
        }
        SubscriptionChanges.end(context, configured, shutOut, events);
        List<Subscription> kept = subscribers.stream().filter(subscription -> !shutOut.contains(subscription)).toList();
        events.emit(new NodeConfigured(configured, kept, changed.notifyConfig()));
        return configured;
    }
}
