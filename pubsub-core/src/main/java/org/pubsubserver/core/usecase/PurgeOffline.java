package org.pubsubserver.core.usecase;

import java.util.List;
import org.pubsubserver.core.event.EventSink;
import org.pubsubserver.core.event.ItemsRetracted;
import org.pubsubserver.core.model.Item;
import org.pubsubserver.core.model.Node;
import org.pubsubserver.core.model.NodeAffiliation;
import org.pubsubserver.core.model.Removal;
import org.xmpp.packet.JID;

/**
 * pubsub#purge_offline (XEP-0060 §17.4.4): when a publisher goes offline (its last resource), the items it
 * published are removed from its nodes that ask for it, retracted with notifications under notify_retract.
 */
public final class PurgeOffline {
    private final UseCaseContext context;

    public PurgeOffline(UseCaseContext context) {
        this.context = context;
    }

    /** The work of removing {@code offline}'s items, node by node; counts the items removed. */
    public PerNodeWork forOffline(JID offline) {
        return PerNodeWork.of(() -> nodesOf(offline), (node, events) -> purge(node, offline, events));
    }

    /** The nodes where the bare JID may publish by affiliation. Reads across nodes: runs on the service lane. */
    private List<String> nodesOf(JID offline) {
        return context.store().affiliationsOf(offline.asBareJID(), null).stream()
                .filter(a -> a.affiliation().mayPublish())
                .map(NodeAffiliation::node)
                .toList();
    }

    /** Removes the offline publisher's items from the node if it has purge_offline; returns how many. */
    private int purge(String nodeName, JID offline, EventSink events) {
        Node node = context.store().findNode(nodeName).orElse(null);
        if (node == null || !node.config().purgeOffline() || !node.config().persistItems()) {
            return 0;
        }
        List<String> ids = context.store().itemIdsPublishedBy(node, offline.asBareJID());
        if (ids.isEmpty()) {
            return 0;
        }
        boolean told = node.config().notifyRetract();
        List<Item> removed = context.store().removeItems(node, ids, Removal.told(told));
        events.emit(new ItemsRetracted(node, removed.stream().map(Item::itemId).toList(), context.activeSubscriptions(node),
                told, told ? context.store().streamPosition(node).removed() : 0));
        return removed.size();
    }
}
