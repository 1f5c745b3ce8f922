package org.pubsubserver.core.backup;

import static org.pubsubserver.core.model.Removal.TOLD;
import static org.pubsubserver.core.model.Removal.UNTOLD;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.pubsubserver.core.model.Affiliation;
import org.pubsubserver.core.model.NewItem;
import org.pubsubserver.core.model.Node;
import org.pubsubserver.core.model.NodeConfig;
import org.pubsubserver.core.model.SubscriptionOptions;
import org.pubsubserver.core.model.SubscriptionState;
import org.pubsubserver.core.store.NodeStore;
import org.xmpp.packet.JID;

/**
 * A store with content of every kind an export carries, made through the store's API; "news" keeps an archive
 * (XEP-0442) of every item published to it, replaced, evicted and retracted ones too.
 */
final class SampleStore {
    static final JID ALICE = new JID("alice@example.org/phone");
    static final JID BOB = new JID("bob@example.org");
    static final JID CAROL = new JID("carol@example.org/laptop");
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00.123Z");
    /** The names of deleted nodes: "moved" left a redirect, "gone" did not; "reborn" was made again. */
    static final List<String> DELETED = List.of("moved", "gone");

    private SampleStore() {
    }

    static void fill(NodeStore store) throws Exception {
        NodeConfig config = NodeConfig.of(Map.of("pubsub#title", "News\nwith a line break, a \\ and <markup> & 'quotes'",
                "pubsub#max_items", "5", "pubsub#access_model", "whitelist", "pubsub#publish_model", "open"));
        Node news = store.createNode("news", ALICE.asBareJID(), config, T0).orElseThrow();
        store.appendItems(news, List.of(
                new NewItem("a", "<entry xmlns='http://www.w3.org/2005/Atom'><title>A &amp; &lt;b&gt;</title></entry>"),
                new NewItem("b", "<x xmlns=\"urn:test\" attr=\"v&quot;\">line\r\nnext\ttab \u00e9\u4e2d\ud83d\ude00</x>"),
                new NewItem("c", "<x xmlns='urn:test'>]]&gt; cdata end</x>"),
                new NewItem("notification-only", "")), BOB, T0.plusMillis(1), 5, UNTOLD, true);
        store.appendItems(news, List.of(new NewItem("d", "<x xmlns='urn:test'>d</x>"),
                new NewItem("e", "<x xmlns='urn:test'>e</x>")), CAROL, T0.plusSeconds(60), 5, UNTOLD, true); // a evicted, untold
        store.removeItems(news, List.of("c"), TOLD); // a told retract: removed_seq
        store.appendItems(news, List.of(new NewItem("b", "<x xmlns='urn:test'>b again</x>")), ALICE,
                T0.plusSeconds(120), 5, UNTOLD, true);
        store.setAffiliation(news, BOB.asBareJID(), Affiliation.PUBLISHER);
        store.setAffiliation(news, new JID("eve@example.org"), Affiliation.OUTCAST);
        store.setAffiliation(news, new JID("mallory@example.org"), Affiliation.MEMBER);
        store.setAffiliation(news, new JID("pub@example.org"), Affiliation.PUBLISH_ONLY);
        store.addSubscription(news, BOB, "sub-bob", SubscriptionState.SUBSCRIBED, SubscriptionOptions.defaults());
        store.addSubscription(news, CAROL, "sub-carol", SubscriptionState.SUBSCRIBED, SubscriptionOptions.fromStored(
                Map.of("pubsub#expire", "2026-02-01T00:00:00Z", "pubsub#include_body", "1",
                        "pubsub#digest", "true")));
        store.addSubscription(news, CAROL, "sub-carol-2", SubscriptionState.UNCONFIGURED, SubscriptionOptions.defaults());
        store.addSubscription(news, new JID("dave@example.org"), "sub-dave", SubscriptionState.PENDING,
                SubscriptionOptions.fromStored(Map.of("pubsub#expire", SubscriptionOptions.UNTIL_OFFLINE)));

        // a collection (XEP-0248), with reborn (below) as its child: the export keeps the hierarchy
        store.createNode("empty", BOB.asBareJID(), NodeConfig.defaults().withType("collection"), T0.plusSeconds(1))
                .orElseThrow();

        Node moved = store.createNode("moved", ALICE.asBareJID(), NodeConfig.defaults(), T0).orElseThrow();
        store.appendItems(moved, List.of(new NewItem("1", "<x xmlns='urn:test'/>")), ALICE, T0, 10, UNTOLD);
        store.deleteNode(moved, "xmpp:pubsub.example.org?;node=elsewhere");
        Node gone = store.createNode("gone", ALICE.asBareJID(), NodeConfig.defaults(), T0).orElseThrow();
        store.appendItems(gone, List.of(new NewItem("1", ""), new NewItem("2", "")), ALICE, T0, 10, UNTOLD);
        store.deleteNode(gone, null);

        Node reborn = store.createNode("reborn", ALICE.asBareJID(), NodeConfig.defaults(), T0).orElseThrow();
        store.appendItems(reborn, List.of(new NewItem("1", "<x xmlns='urn:test'>first life</x>")), ALICE, T0, 10, UNTOLD);
        store.deleteNode(reborn, "xmpp:somewhere");
        reborn = store.createNode("reborn", BOB.asBareJID(), NodeConfig.defaults(), T0.plusSeconds(5), "empty")
                .orElseThrow();
        store.appendItems(reborn, List.of(new NewItem("2", "<x xmlns='urn:test'>second life</x>")), BOB,
                T0.plusSeconds(6), 10, UNTOLD);
    }

    /** A node of {@code items} small items published in batches, for counts. */
    static void addItems(NodeStore store, String name, int items) {
        Node node = store.createNode(name, ALICE.asBareJID(), NodeConfig.defaults(), T0).orElseThrow();
        for (int i = 0; i < items; i += 500) {
            List<NewItem> batch = new java.util.ArrayList<>();
            for (int j = i; j < Math.min(items, i + 500); j++) {
                batch.add(new NewItem("item-" + j, "<entry xmlns='http://www.w3.org/2005/Atom'><title>Item " + j
                        + "</title><content>" + "x".repeat(100) + "</content></entry>"));
            }
            store.appendItems(node, batch, BOB, T0.plusMillis(i), items + 1, UNTOLD);
        }
    }
}
