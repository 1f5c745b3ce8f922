package org.pubsubserver.core.usecase;

import java.time.Instant;
import java.util.ArrayList;
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

    /**
     * The items, and for a paged request the page's position and the node's item count. For a collection
     * (XEP-0248 §retrieve-items) no items of its own, and {@code leaves}: the items of each leaf below it that the
     * requester may read, one result per leaf.
     */
    public record Result(Node node, List<Item> items, ItemPage page, List<Result> leaves) {
        public Result {
            items = List.copyOf(items);
            leaves = List.copyOf(leaves);
        }

        public Result(Node node, List<Item> items, ItemPage page) {
            this(node, items, page, List.of());
        }
    }


    private final UseCaseContext context;

    public RetrieveItems(UseCaseContext context) {
        this.context = context;
    }

    public Result execute(Request request) {
        Node node = context.requireNode(request.node());
        context.access().requireMayRetrieve(node, request.requester(), context.activeSubscriptions(node)); // §6.5.2
        if (node.isCollection()) {
            return new Result(node, List.of(), null, leavesBelow(node, request));
        }
        context.removeExpiredItems(node);
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

    /**
     * XEP-0248 §retrieve-items: the newest items (up to the request's max_items, else {@link #MAX_PAGE}) of each leaf
     * below the collection that the requester may read ({@link CollectionLeaves}: the leaf's access model,
     * §security-access). Read from the collection's lane: reads only (expired items are left out here, removed on the
     * leaf's own lane).
     */
    private List<Result> leavesBelow(Node collection, Request request) {
        List<Result> leaves = new ArrayList<>();
        int max = request.maxItems() > 0 ? Math.min(request.maxItems(), MAX_PAGE) : MAX_PAGE;
        for (String name : new CollectionLeaves(context).readableBy(collection.name(), request.requester())) {
            Node leaf = context.store().findNode(name).orElse(null);
            if (leaf == null) {
                continue;
            }
            Instant cutoff = leaf.config().itemExpiry().map(context.clock().instant()::minus).orElse(Instant.MIN);
            leaves.add(new Result(leaf, context.store().items(leaf, max).stream()
                    .filter(item -> item.published().isAfter(cutoff)).toList(), null));
        }
        return leaves;
    }
}
