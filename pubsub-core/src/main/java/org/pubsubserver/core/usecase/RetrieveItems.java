package org.pubsubserver.core.usecase;

import java.util.List;
import java.util.Objects;
import org.pubsubserver.core.error.PubSubException;
import org.pubsubserver.core.error.StanzaCondition;
import org.pubsubserver.core.model.Affiliation;
import org.pubsubserver.core.model.Item;
import org.pubsubserver.core.model.Node;
import org.xmpp.packet.JID;

/**
 * XEP-0060 §6.5: retrieve items: all that are kept (§6.5.2), the newest {@code maxItems} (§6.5.7), or
 * the ones named (§6.5.8). Oldest first.
 */
public final class RetrieveItems {
    public record Request(JID requester, String node, int maxItems, List<String> itemIds) {
        public Request {
            Objects.requireNonNull(requester, "requester");
            Objects.requireNonNull(node, "node");
            itemIds = List.copyOf(itemIds);
        }
    }

    public record Result(Node node, List<Item> items) {
    }

    private final UseCaseContext context;

    public RetrieveItems(UseCaseContext context) {
        this.context = context;
    }

    public Result execute(Request request) {
        Node node = context.requireNode(request.node());
        if (context.store().affiliation(node, request.requester().asBareJID()) == Affiliation.OUTCAST) {
            throw PubSubException.of(StanzaCondition.FORBIDDEN, "outcasts may not retrieve items");
        }
        List<Item> items;
        if (!request.itemIds().isEmpty()) {
            items = context.store().itemsById(node, request.itemIds());
        } else if (request.maxItems() > 0) {
            items = context.store().items(node, request.maxItems());
        } else {
            items = context.store().items(node, node.config().maxItems());
        }
        return new Result(node, items);
    }
}
