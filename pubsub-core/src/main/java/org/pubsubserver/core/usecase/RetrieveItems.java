package org.pubsubserver.core.usecase;

import java.util.List;
import java.util.Objects;
import org.pubsubserver.core.error.PubSubException;
import org.pubsubserver.core.error.StanzaCondition;
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
    /**
     * The most items one answer carries: a larger page request gets this many, and a request for all items
     * of a larger node gets the newest this many with a result set saying so (§6.5.4).
     */
    public static final int MAX_PAGE = 100;

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
        context.access().requireMayRetrieve(node, request.requester(), context.activeSubscriptions(node)); // §6.5.2
        PageRequest pageRequest = request.page();
        if (pageRequest == null && request.itemIds().isEmpty() && request.maxItems() == 0
                && context.store().itemCount(node) > MAX_PAGE) {
            pageRequest = new PageRequest(MAX_PAGE, null, "", null); // the newest page
        }
        if (pageRequest != null && request.itemIds().isEmpty()) {
            if (pageRequest.max() > MAX_PAGE) {
                pageRequest = new PageRequest(MAX_PAGE, pageRequest.after(), pageRequest.before(), pageRequest.index());
            }
            ItemPage page = context.store().itemPage(node, pageRequest).orElseThrow(() -> PubSubException.of(
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
