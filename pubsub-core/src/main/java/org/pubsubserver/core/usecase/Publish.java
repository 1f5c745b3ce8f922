package org.pubsubserver.core.usecase;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.pubsubserver.core.config.InvalidConfigException;
import org.pubsubserver.core.config.NodeConfigField;
import org.pubsubserver.core.error.PubSubCondition;
import org.pubsubserver.core.error.PubSubException;
import org.pubsubserver.core.error.StanzaCondition;
import org.pubsubserver.core.event.CollectionSubscribers;
import org.pubsubserver.core.event.EventSink;
import org.pubsubserver.core.event.ItemsPublished;
import org.pubsubserver.core.event.ItemsRetracted;
import org.pubsubserver.core.model.AppendResult;
import org.pubsubserver.core.model.Item;
import org.pubsubserver.core.model.NewItem;
import org.pubsubserver.core.model.Node;
import org.pubsubserver.core.model.NodeConfig;
import org.pubsubserver.core.model.Removal;
import org.pubsubserver.core.model.Subscription;
import org.xmpp.packet.JID;

/**
 * XEP-0060 §7.1: publish. Items without an id get a unique one. A persistent node stores the items; the
 * engine completes the request only after the commit that holds them (see the lanes' group commit), and
 * subscribers are told after that. A node that does
 * not exist is created first (§7.1.4 auto-create), configured by the publish-options (§7.1.5), which on
 * an existing node are preconditions.
 */
public final class Publish {
    /**
     * {@code publishOptions}: the publish-options fields (var to value), or null when none were sent;
     * {@code autoCreate}: whether a node that does not exist is created (§7.1.4), or the publish refused with
     * {@code item-not-found} (publishing over HTTP, where the operator has not allowed it).
     */
    public record Request(JID requester, String node, List<NewItem> items, Map<String, String> publishOptions,
                          boolean autoCreate) {
        public Request {
            Objects.requireNonNull(requester, "requester");
            Objects.requireNonNull(node, "node");
            items = List.copyOf(items);
            publishOptions = publishOptions == null ? null : Map.copyOf(publishOptions);
        }

        /** A node that does not exist is created. */
        public Request(JID requester, String node, List<NewItem> items, Map<String, String> publishOptions) {
            this(requester, node, items, publishOptions, true);
        }

        public Request(JID requester, String node, List<NewItem> items) {
            this(requester, node, items, null);
        }
    }

    /** {@code autoCreated}: the node did not exist and was created for this publish. */
    public record Result(Node node, List<Item> items, boolean autoCreated) {
    }

    private final UseCaseContext context;

    public Publish(UseCaseContext context) {
        this.context = context;
    }

    public Result execute(Request request, EventSink events) {
        Node existing = context.store().findNode(request.node()).orElse(null);
        // Read before the commit, so that nothing after it can fail and an acknowledged publish is never
        // answered with an error. Subscriptions cannot change meanwhile: they change on this same lane.
        List<Subscription> subscribers = List.of();
        List<CollectionSubscribers> collections = List.of();
        if (existing != null) {
            if (existing.isCollection()) {
                // XEP-0060 §7.1.3.2 (publisher-publish-error-notsupported), XEP-0248 §collection-nodes
                throw PubSubException.unsupported("publish");
            }
            context.removeExpiredItems(existing);
            checkPreconditions(existing, request.publishOptions());
            subscribers = context.activeSubscriptions(existing);
            context.access().requireMayPublish(existing, request.requester(), subscribers); // §7.1.3.1
            // XEP-0248 §notify-items: the collections above it and their subscribers (no read for a node with no
            // parent; the parent is in the node's record)
            collections = Hierarchy.itemSubscribers(context, existing, subscribers);
        } else if (!request.autoCreate()) {
            throw PubSubException.nodeNotFound(request.node());
        } else {
            context.access().requireMayCreateNode(request.requester()); // auto-create follows the creation policy
        }
        // The items are checked before an auto-created node is stored, so a refused publish leaves nothing
        // behind (§13.11: all or nothing).
        NodeConfig config = existing != null ? existing.config() : autoCreateConfig(request);
        if (config.isCollection()) {
            throw PubSubException.unsupported("publish"); // auto-create of a collection: nothing could be published
        }
        List<NewItem> items = checkItems(config, request.items());
        Node node = existing != null ? existing : context.store().createNode(request.node(),
                request.requester().asBareJID(), config, context.clock().instant())
                .orElseThrow(() -> new IllegalStateException("node appeared on its own lane"));
        List<Item> published;
        if (config.persistItems()) {
            if (config.rejectWhenFull()) {
                requireRoom(node, items);
            }
            // §7.1.2.5 retract-oldest: the oldest items are retracted, with notifications if notify_retract;
            // discard-oldest drops them without a word
            boolean evictionsTold = config.retractOldestWhenFull() && config.notifyRetract();
            AppendResult appended = context.store().appendItems(node, items, request.requester(),
                    context.clock().instant(), config.maxItems(), Removal.told(evictionsTold),
                    context.settings().archive().archives(config)); // XEP-0442: in the publish's own commit
            published = appended.stored();
            if (!appended.evicted().isEmpty() && config.retractOldestWhenFull()) {
                events.emit(new ItemsRetracted(node, appended.evicted(), subscribers, evictionsTold,
                        appended.removal(), evictionsTold ? collections : List.of()));
            }
        } else {
            published = items.stream().map(item -> new Item(node.id(), Item.NOT_STORED, item.itemId(),
                    request.requester(), context.clock().instant(), item.payloadXml())).toList();
        }
        events.emit(new ItemsPublished(node, published, subscribers, collections));
        return new Result(node, published, existing == null);
    }

    /** §7.1.5: every precondition must name a supported field whose value the node has. */
    private static void checkPreconditions(Node node, Map<String, String> options) {
        if (options == null) {
            return;
        }
        for (Map.Entry<String, String> option : options.entrySet()) {
            if ("FORM_TYPE".equals(option.getKey())) {
                continue;
            }
            NodeConfigField field = NodeConfigField.byVar(option.getKey());
            String wanted = field == null ? null : field.normalize(option.getValue());
            if (wanted == null || !wanted.equals(node.config().value(field))) {
                throw PubSubException.of(StanzaCondition.CONFLICT, PubSubCondition.PRECONDITION_NOT_MET,
                        "precondition " + option.getKey() + "=" + option.getValue() + " is not met by " + node.name());
            }
        }
    }

    /** §7.1.4 with §7.1.5 item 3: the default configuration except what the publish-options say. */
    private NodeConfig autoCreateConfig(Request request) {
        NodeConfig config = context.settings().defaultNodeConfig();
        if (request.publishOptions() != null) {
            try {
                config = config.with(request.publishOptions());
            } catch (InvalidConfigException e) {
                throw PubSubException.of(StanzaCondition.CONFLICT, PubSubCondition.PRECONDITION_NOT_MET, e.getMessage());
            }
        }
        context.access().requireOfferedAccessModel(config.accessModel());
        return config;
    }

    /** The item rules of §7.1.3 by node kind, and max_payload_size; missing ids are generated. */
    private static List<NewItem> checkItems(NodeConfig config, List<NewItem> requested) {
        boolean payloads = config.deliverPayloads();
        if (requested.isEmpty() && (config.persistItems() || payloads)) {
            // §7.1.3.7 item-required (persistent), payload-required (payload, transient)
            throw PubSubException.of(StanzaCondition.BAD_REQUEST,
                    config.persistItems() ? PubSubCondition.ITEM_REQUIRED : PubSubCondition.PAYLOAD_REQUIRED,
                    "publishing to this node needs an item");
        }
        if (!requested.isEmpty() && !config.persistItems() && !payloads) {
            throw PubSubException.of(StanzaCondition.BAD_REQUEST, PubSubCondition.ITEM_FORBIDDEN, // §7.1.3.7
                    "this node is transient and notification-only: publish without an item");
        }
        if (requested.stream().map(NewItem::itemId).distinct().count() > config.maxItems()) {
            // §13.11 batch processing: a batch larger than the node may hold
            throw PubSubException.of(StanzaCondition.NOT_ALLOWED, PubSubCondition.MAX_ITEMS_EXCEEDED,
                    "more items than this node's maximum of " + config.maxItems());
        }
        List<NewItem> items = new ArrayList<>(requested.size());
        for (NewItem item : requested) {
            if (payloads && item.payloadXml().isEmpty()) {
                // §7.1.3.7
                throw PubSubException.of(StanzaCondition.BAD_REQUEST, PubSubCondition.PAYLOAD_REQUIRED,
                        "this node delivers payloads: each item needs one");
            }
            if (item.payloadXml().getBytes(StandardCharsets.UTF_8).length > config.maxPayloadSize()) {
                // §7.1.3.5
                throw PubSubException.of(StanzaCondition.NOT_ACCEPTABLE, PubSubCondition.PAYLOAD_TOO_BIG,
                        "the payload is larger than this node's " + config.maxPayloadSize() + " bytes");
            }
            items.add(item.itemId() == null || item.itemId().isEmpty() ? item.withItemId(newItemId()) : item);
        }
        return items;
    }

    /** publish_node_full = reject: a publish that would push items out is refused (§7.1.3.4, node-full). */
    private void requireRoom(Node node, List<NewItem> items) {
        Set<String> ids = new HashSet<>();
        items.forEach(item -> ids.add(item.itemId()));
        int replaced = context.store().itemsById(node, ids).size();
        int count = context.store().itemCount(node);
        if (count - replaced + ids.size() > node.config().maxItems()) {
            throw PubSubException.of(StanzaCondition.CONFLICT, PubSubCondition.NODE_FULL,
                    node.name() + " holds its maximum of " + node.config().maxItems() + " items");
        }
    }

    private static String newItemId() {
        return UUID.randomUUID().toString();
    }
}
