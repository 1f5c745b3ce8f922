package org.pubsubserver.core.backup;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.pubsubserver.core.model.AffiliatedEntity;
import org.pubsubserver.core.model.Item;
import org.pubsubserver.core.model.Node;
import org.pubsubserver.core.model.StreamPosition;
import org.pubsubserver.core.model.Subscription;
import org.pubsubserver.core.store.NodeStore;

/**
 * Everything a store tells through its API about its nodes (and of deleted names, their redirects), in a value
 * two stores can be compared by: node ids, which differ between stores, left out.
 */
record StoreView(Map<String, NodeView> nodes, Map<String, Optional<String>> redirects) {

    record NodeView(String creator, Instant created, Map<String, String> config, List<AffiliatedEntity> affiliations,
                    List<Subscription> subscriptions, List<ItemView> items, StreamPosition position, int itemCount,
                    String parent, List<ItemView> archive) {
    }

    record ItemView(long seq, String id, String publisher, Instant published, String payload) {
        static ItemView of(Item item) {
            return new ItemView(item.sequence(), item.itemId(), item.publisher().toString(), item.published(),
                    item.payloadXml());
        }
    }

    static StoreView of(NodeStore store, List<String> deletedNames) {
        Map<String, NodeView> nodes = new TreeMap<>();
        for (String name : store.nodeNames()) {
            Node node = store.findNode(name).orElseThrow();
            nodes.put(name, new NodeView(node.creator().toString(), node.created(), new TreeMap<>(node.config().toFields()),
                    store.affiliations(node), store.subscriptions(node),
                    store.itemsAfter(node, 0, Integer.MAX_VALUE).stream().map(ItemView::of).toList(),
                    store.streamPosition(node), store.itemCount(node), node.parent(),
                    store.archivePage(node, new org.pubsubserver.core.model.ArchiveQuery(null, null, null, 0,
                            Long.MAX_VALUE, List.of(), 250, false, List.of())).orElseThrow().items().stream()
                            .map(ItemView::of).toList()));
        }
        Map<String, Optional<String>> redirects = new TreeMap<>();
        for (String name : deletedNames) {
            redirects.put(name, store.redirectOf(name));
        }
        return new StoreView(nodes, redirects);
    }
}
