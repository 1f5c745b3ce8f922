package org.pubsubserver.core.usecase;

import java.util.List;
import java.util.Objects;
import org.pubsubserver.core.error.PubSubException;
import org.pubsubserver.core.error.StanzaCondition;
import org.pubsubserver.core.model.Affiliation;
import org.pubsubserver.core.model.Item;
import org.pubsubserver.core.model.ItemPage;
import org.pubsubserver.core.model.Node;
import org.pubsubserver.core.model.PageRequest;
import org.xmpp.packet.JID;

/**
 * XEP-0060 §6.5: retrieve items: all that are kept (§6.5.2), the newest {@code maxItems} (§6.5.7), or
 * the ones named (§6.5.8). Oldest first.
 */
public final class RetrieveItems {
    /** {@code page} (XEP-0059), when not null, pages through the items; it is ignored when ids are named. */
    public record Request(JID requester, String node, int maxItems, List<String> itemIds, PageRequest page) {
        public Request {
            Objects.requireNonNull(requester, "requester");
            Objects.requireNonNull(node, "node");
            itemIds = List.copyOf(itemIds);
        }

        public Request(JID requester, String node, int maxItems, List<String> itemIds) {
            this(requester, node, maxItems, itemIds, null);
        }
    }

    /** The items, and for a paged request the page's position and the node's item count. */
    public record Result(Node node, List<Item> items, ItemPage page) {
    }

    private final UseCaseContext context;

    public RetrieveItems(UseCaseContext context) {
        this.context = context;
    }

    public Result execute(Request request) {
        Node node = context.requireNodeWithoutExpiredItems(request.node());
        if (context.store().affiliation(node, request.requester().asBareJID()) == Affiliation.OUTCAST) {
            throw PubSubException.of(StanzaCondition.FORBIDDEN, "outcasts may not retrieve items");
        }
        if (request.page() != null && request.itemIds().isEmpty()) {
            ItemPage page = context.store().itemPage(node, request.page()).orElseThrow(() -> PubSubException.of(
                    StanzaCondition.ITEM_NOT_FOUND, "no item to page from in " + node.name())); // XEP-0059 §2.4
            return new Result(node, page.items(), page);
        }
        List<Item> items;
        if (!request.itemIds().isEmpty()) {
            items = context.store().itemsById(node, request.itemIds());
        } else if (request.maxItems() > 0) {
            items = context.store().items(node, request.maxItems());
        } else {
            items = context.store().items(node, node.config().maxItems());
        }
        return new Result(node, items, null);
    }
}
