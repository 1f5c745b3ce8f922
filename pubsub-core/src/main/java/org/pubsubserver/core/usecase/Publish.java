package org.pubsubserver.core.usecase;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.pubsubserver.core.error.PubSubCondition;
import org.pubsubserver.core.error.PubSubException;
import org.pubsubserver.core.error.StanzaCondition;
import org.pubsubserver.core.event.EventSink;
import org.pubsubserver.core.event.ItemsPublished;
import org.pubsubserver.core.model.Affiliation;
import org.pubsubserver.core.model.Item;
import org.pubsubserver.core.model.NewItem;
import org.pubsubserver.core.model.Node;
import org.pubsubserver.core.model.PublishModel;
import org.pubsubserver.core.model.Subscription;
import org.pubsubserver.core.model.SubscriptionState;
import org.xmpp.packet.JID;

/**
 * XEP-0060 §7.1: publish items. Items without an id get a unique one. The items are committed before
 * the result is returned, and subscribers are told after that.
 */
public final class Publish {
    public record Request(JID requester, String node, List<NewItem> items) {
        public Request {
            Objects.requireNonNull(requester, "requester");
            Objects.requireNonNull(node, "node");
            items = List.copyOf(items);
        }
    }

    public record Result(Node node, List<Item> items) {
    }

    private final UseCaseContext context;

    public Publish(UseCaseContext context) {
        this.context = context;
    }

    public Result execute(Request request, EventSink events) {
        Node node = context.requireNode(request.node());
        requirePublisher(node, request.requester());
        List<NewItem> items = new ArrayList<>(request.items().size());
        for (NewItem item : request.items()) {
            if (node.config().deliverPayloads() && item.payloadXml().isEmpty()) {
                // §7.1.3.6 (event type "payload")
                throw PubSubException.of(StanzaCondition.BAD_REQUEST, PubSubCondition.PAYLOAD_REQUIRED,
                        "node " + node.name() + " delivers payloads: each item needs one");
            }
            items.add(item.itemId() == null || item.itemId().isEmpty() ? item.withItemId(newItemId()) : item);
        }
        // Read before the commit, so that nothing after it can fail and an acknowledged publish is never
        // answered with an error. Subscriptions cannot change meanwhile: they change on this same lane.
        List<Subscription> subscribers = context.store().subscriptions(node);
        List<Item> stored = context.store().appendItems(node, items, request.requester(), context.clock().instant(),
                node.config().maxItems());
        events.emit(new ItemsPublished(node, stored, subscribers));
        return new Result(node, stored);
    }

    /** §7.1.3.1: the requester must be allowed to publish under the node's publish model. */
    private void requirePublisher(Node node, JID requester) {
        Affiliation affiliation = context.store().affiliation(node, requester.asBareJID());
        if (affiliation == Affiliation.OUTCAST) {
            throw PubSubException.of(StanzaCondition.FORBIDDEN, "outcasts may not publish");
        }
        PublishModel model = node.config().publishModel();
        boolean allowed = affiliation.mayPublish()
                || model == PublishModel.OPEN
                || (model == PublishModel.SUBSCRIBERS && isSubscribed(node, requester));
        if (!allowed) {
            throw PubSubException.of(StanzaCondition.FORBIDDEN,
                    requester.toBareJID() + " may not publish to " + node.name());
        }
    }

    private boolean isSubscribed(Node node, JID requester) {
        return context.store().subscriptions(node).stream()
                .anyMatch(s -> s.state() == SubscriptionState.SUBSCRIBED
                        && s.jid().toBareJID().equals(requester.toBareJID()));
    }

    private static String newItemId() {
        return UUID.randomUUID().toString();
    }
}
