package org.pubsubserver.core.usecase;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.pubsubserver.core.error.PubSubException;
import org.pubsubserver.core.error.StanzaCondition;
import org.pubsubserver.core.event.CollectionSubscribers;
import org.pubsubserver.core.event.EventSink;
import org.pubsubserver.core.event.ItemsRetracted;
import org.pubsubserver.core.model.Affiliation;
import org.pubsubserver.core.model.Item;
import org.pubsubserver.core.model.Node;
import org.pubsubserver.core.model.Removal;
import org.pubsubserver.core.model.Subscription;
import org.xmpp.packet.JID;

/**
 * XEP-0060 §7.2: delete items from a node. Owners may delete any item; publishers and publish-only
 * entities the items they published themselves (§4.1, the table's footnote on "Delete Item").
 */
public final class RetractItems {
    public record Request(JID requester, String node, List<String> itemIds, boolean notifySubscribers) {
        public Request {
            Objects.requireNonNull(requester, "requester");
            Objects.requireNonNull(node, "node");
            itemIds = List.copyOf(itemIds);
        }
    }

    private final UseCaseContext context;

    public RetractItems(UseCaseContext context) {
        this.context = context;
    }

    public Void execute(Request request, EventSink events) {
        Node node = context.requireNodeWithoutExpiredItems(request.node());
        if (!node.config().persistItems() || node.isCollection()) {
            throw PubSubException.unsupported("persistent-items"); // §7.2.3.5 (a collection holds no items)
        }
        Set<String> ids = new LinkedHashSet<>(request.itemIds());
        List<Item> existing = context.store().itemsById(node, ids);
        if (existing.size() < ids.size()) {
            throw PubSubException.of(StanzaCondition.ITEM_NOT_FOUND, "no such item in " + node.name()); // §7.2.3.2
        }
        Affiliation affiliation = context.access().affiliation(node, request.requester());
        for (Item item : existing) {
            boolean own = item.publisher().toBareJID().equals(request.requester().toBareJID());
            if (!(affiliation == Affiliation.OWNER || affiliation.mayPublish() && own)) {
                throw PubSubException.of(StanzaCondition.FORBIDDEN, // §7.2.3.1
                        request.requester().toBareJID() + " may not delete item " + item.itemId());
            }
        }
        List<Subscription> subscribers = context.activeSubscriptions(node);
        // §7.2.2.1: the request's notify, or the node's notify_retract
        boolean told = request.notifySubscribers() || node.config().notifyRetract();
        // XEP-0248 §subscribe: the items subscribers of the collections above hear of it too
        List<CollectionSubscribers> collections = told ? Hierarchy.itemSubscribers(context, node, subscribers) : List.of();
        List<Item> removed = context.store().removeItems(node, ids, Removal.told(told));
        events.emit(new ItemsRetracted(node, removed.stream().map(Item::itemId).toList(), subscribers, told,
                told ? context.store().streamPosition(node).removed() : 0, collections));
        return null;
    }
}
