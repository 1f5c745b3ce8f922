package org.pubsubserver.core.usecase;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.pubsubserver.core.config.InvalidConfigException;
import org.pubsubserver.core.error.PubSubException;
import org.pubsubserver.core.error.StanzaCondition;
import org.pubsubserver.core.event.EventSink;
import org.pubsubserver.core.event.NodeConfigured;
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

    /** The node with its configuration as it now is. */
    public Node execute(Request request, EventSink events) {
        Node node = context.requireOwnedNode(request.node(), request.requester());
        if (request.changes() == null) {
            return node;
        }
        LeafNodesOnly.require(request.changes());
        NodeConfig changed;
        try {
            changed = node.config().with(request.changes());
        } catch (InvalidConfigException e) {
            throw PubSubException.of(StanzaCondition.NOT_ACCEPTABLE, e.getMessage()); // §8.2.5.2
        }
        if (changed.accessModel() != node.config().accessModel()) {
            context.access().requireOfferedAccessModel(changed.accessModel()); // §8.2.5.2
        }
        // a change of access model ends the subscriptions of those it shuts out (now a whitelist, or not in
        // the owner's roster), checked before the write: a check may need rosters, and the request runs again
        Node prospective = new Node(node.id(), node.name(), node.creator(), node.created(), changed);
        List<Subscription> subscribers = context.activeSubscriptions(node);
        List<Subscription> shutOut = subscribers.stream()
                .filter(subscription -> !context.access().mayKeepSubscription(prospective, subscription.jid()))
                .toList();
        Node configured = context.store().updateConfig(node, changed);
        SubscriptionChanges.end(context, configured, shutOut, events);
        List<Subscription> kept = subscribers.stream().filter(subscription -> !shutOut.contains(subscription)).toList();
        events.emit(new NodeConfigured(configured, kept, changed.notifyConfig()));
        return configured;
    }
}
