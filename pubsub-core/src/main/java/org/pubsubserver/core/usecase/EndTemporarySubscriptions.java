package org.pubsubserver.core.usecase;

import java.util.List;
import org.pubsubserver.core.event.EventSink;
import org.pubsubserver.core.model.Node;
import org.pubsubserver.core.model.Subscription;
import org.xmpp.packet.JID;

/**
 * XEP-0060 §13.5: temporary subscriptions (pubsub#expire = "presence", or every subscription of a node with
 * pubsub#tempsub) end when the subscriber goes offline: a subscription of a full JID when that resource
 * sends unavailable presence, one of a bare JID when its last resource does. The subscriber is offline, so
 * only the owners are told (notify_sub).
 */
public final class EndTemporarySubscriptions {
    private final UseCaseContext context;

    public EndTemporarySubscriptions(UseCaseContext context) {
        this.context = context;
    }

    /** The work of ending {@code offline}'s temporary subscriptions, node by node; counts those ended. */
    public PerNodeWork forOffline(JID offline, boolean lastResourceGone) {
        return PerNodeWork.of(() -> nodesOf(offline), (node, events) -> end(node, offline, lastResourceGone, events));
    }

    /** The nodes where the bare JID has subscriptions. Reads across nodes: runs on the service lane. */
    private List<String> nodesOf(JID offline) {
        return context.store().subscriptionsOf(offline.asBareJID(), null).stream()
                .map(Subscription::node).distinct().toList();
    }

    /** Ends the node's temporary subscriptions of {@code offline}; returns how many. Runs on the node's lane. */
    private int end(String nodeName, JID offline, boolean lastResourceGone, EventSink events) {
        Node node = context.store().findNode(nodeName).orElse(null);
        if (node == null) {
            return 0;
        }
        List<Subscription> ending = context.activeSubscriptions(node).stream()
                .filter(s -> s.options().endsWhenOffline() || node.config().temporarySubscriptions())
                .filter(s -> s.jid().equals(offline)
                        || lastResourceGone && s.jid().getResource() == null && s.jid().toBareJID().equals(offline.toBareJID()))
                .toList();
        SubscriptionChanges.end(context, node, ending, false, events);
        return ending.size();
    }
}
