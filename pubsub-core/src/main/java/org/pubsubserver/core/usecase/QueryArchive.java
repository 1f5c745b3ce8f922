package org.pubsubserver.core.usecase;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.pubsubserver.core.error.PubSubException;
import org.pubsubserver.core.error.StanzaCondition;
import org.pubsubserver.core.model.ArchivePage;
import org.pubsubserver.core.model.ArchiveQuery;
import org.pubsubserver.core.model.Item;
import org.pubsubserver.core.model.Node;
import org.xmpp.packet.JID;

/**
 * XEP-0442 with XEP-0313: a query of a node's archive, and its edges (XEP-0313 §5, archive metadata). Who may query
 * is who may retrieve the node's items (XEP-0060 §6.5). A node that keeps no archive answers
 * {@code feature-not-implemented}; a place the query names that is not in the archive, {@code item-not-found}
 * (XEP-0313 §4.1.3, XEP-0059 §2.4).
 */
public final class QueryArchive {
    /** The page size when the query asks for none (XEP-0313 §4.3.1: the service picks one). */
    public static final int DEFAULT_PAGE = 50;
    /** The most items one page carries; a larger {@code max} gets this many. */
    public static final int MAX_PAGE = 250;
    /** The most payload characters one page carries: a page of large items is cut short (and not complete). */
    public static final long MAX_PAGE_CHARS = 4L * 1024 * 1024;

    public record Request(JID requester, String node, ArchiveQuery query) {
        public Request {
            Objects.requireNonNull(requester, "requester");
            Objects.requireNonNull(node, "node");
            Objects.requireNonNull(query, "query");
        }
    }

    public record Result(Node node, ArchivePage page) {
    }

    /** The oldest and newest items in a node's archive; both empty when it is empty. */
    public record Edges(Node node, Optional<Item> oldest, Optional<Item> newest) {
    }

    private final UseCaseContext context;

    public QueryArchive(UseCaseContext context) {
        this.context = context;
    }

    public Result execute(Request request) {
        Node node = readableArchive(request.node(), request.requester());
        ArchiveQuery query = request.query();
        if (query.with() != null && !node.config().itemReplyToPublisher()) {
            // the items name no publisher to readers (pubsub#itemreply owner): filtering by one would tell it
            org.pubsubserver.core.model.Affiliation affiliation = context.access().affiliation(node, request.requester());
            if (affiliation != org.pubsubserver.core.model.Affiliation.OWNER
                    && affiliation != org.pubsubserver.core.model.Affiliation.PUBLISHER) {
                throw PubSubException.of(StanzaCondition.FORBIDDEN, node.name() + " does not name its publishers"
                        + " (pubsub#itemreply is owner): only its owners and publishers may filter by 'with'");
            }
        }
        if (query.max() > MAX_PAGE) {
            query = new ArchiveQuery(query.start(), query.end(), query.with(), query.after(), query.before(),
                    query.ids(), MAX_PAGE, query.fromEnd(), query.mustExist());
        }
        ArchivePage page = context.store().archivePage(node, query).orElseThrow(() -> PubSubException.of(
                StanzaCondition.ITEM_NOT_FOUND, "an id the query names is not in the archive of " + node.name()));
        return new Result(node, withinBudget(page, query.fromEnd()));
    }

    /**
     * The page cut to {@value #MAX_PAGE_CHARS} characters of payload (at least one item, so that the client can page
     * on from it), from the end it pages from; a cut page is not the last.
     */
    private static ArchivePage withinBudget(ArchivePage page, boolean fromEnd) {
        List<Item> items = page.items();
        long chars = 0;
        int kept = 0;
        while (kept < items.size()) {
            Item next = items.get(fromEnd ? items.size() - 1 - kept : kept);
            chars += next.payloadXml().length();
            if (kept > 0 && chars > MAX_PAGE_CHARS) {
                break;
            }
            kept++;
        }
        if (kept == items.size()) {
            return page;
        }
        return new ArchivePage(fromEnd ? items.subList(items.size() - kept, items.size()) : items.subList(0, kept), false);
    }

    public Edges edges(JID requester, String name) {
        Node node = readableArchive(name, requester);
        return new Edges(node, edge(node, false), edge(node, true));
    }

    private Optional<Item> edge(Node node, boolean newest) {
        ArchiveQuery query = new ArchiveQuery(null, null, null, 0, Long.MAX_VALUE, List.of(), 1, newest, List.of());
        return context.store().archivePage(node, query).flatMap(page -> page.items().stream().findFirst());
    }

    private Node readableArchive(String name, JID requester) {
        Node node = context.requireNode(name);
        context.access().requireMayRetrieve(node, requester, context.activeSubscriptions(node)); // XEP-0060 §6.5
        if (!context.settings().archive().archives(node.config())) {
            throw PubSubException.of(StanzaCondition.FEATURE_NOT_IMPLEMENTED, node.name() + " keeps no archive");
        }
        return node;
    }

    /**
     * Trims the node's archive to its retention, at most {@code atMost} items at a time; returns how many went. A node
     * whose own max_items is 0 loses what an earlier setting kept; with the service's archives off
     * ({@code archive.enabled = false}) nothing is trimmed: what the archives hold stays until they are on again.
     */
    public int trim(Node node, int atMost) {
        ArchiveSettings settings = context.settings().archive();
        if (!settings.enabled()) {
            return 0;
        }
        Optional<java.time.Duration> age = settings.maxAgeOf(node.config());
        return context.store().trimArchive(node, settings.maxItemsOf(node.config()),
                age.map(maxAge -> context.clock().instant().minus(maxAge)).orElse(null), atMost);
    }
}
