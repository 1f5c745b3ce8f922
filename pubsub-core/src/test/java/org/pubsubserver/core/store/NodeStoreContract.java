package org.pubsubserver.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pubsubserver.core.model.Removal.TOLD;
import static org.pubsubserver.core.model.Removal.UNTOLD;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pubsubserver.core.model.Affiliation;
import org.pubsubserver.core.model.Item;
import org.pubsubserver.core.model.NewItem;
import org.pubsubserver.core.model.Node;
import org.pubsubserver.core.model.NodeConfig;
import org.pubsubserver.core.model.StreamPosition;
import org.pubsubserver.core.model.SubscriptionOptions;
import org.pubsubserver.core.model.SubscriptionState;
import org.xmpp.packet.JID;

/** The behaviour every {@link NodeStore} implementation must have; subclass it per implementation. */
public abstract class NodeStoreContract {
    protected static final JID ALICE = new JID("alice@example.org/phone");
    protected static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private NodeStore store;

    protected abstract NodeStore newStore();

    @BeforeEach
    void open() {
        store = newStore();
    }

    private Node node(String name) {
        return store.createNode(name, ALICE.asBareJID(), NodeConfig.defaults(), T0).orElseThrow();
    }

    private static List<NewItem> items(String... ids) {
        return java.util.Arrays.stream(ids).map(id -> new NewItem(id, "<entry xmlns='urn:test'>" + id + "</entry>")).toList();
    }

    @Test
    void createdNodeIsFoundWithItsCreatorAsOwner() {
        Node created = node("news");
        Node found = store.findNode("news").orElseThrow();
        assertThat(found).isEqualTo(created);
        assertThat(found.creator()).isEqualTo(ALICE.asBareJID());
        assertThat(store.affiliation(found, ALICE.asBareJID())).isEqualTo(Affiliation.OWNER);
        assertThat(store.affiliation(found, new JID("bob@example.org"))).isEqualTo(Affiliation.NONE);
    }

    @Test
    void creatingAnExistingNodeGivesNothing() {
        node("news");
        assertThat(store.createNode("news", ALICE, NodeConfig.defaults(), T0)).isEmpty();
    }

    @Test
    void nodeConfigurationRoundTrips() {
        NodeConfig config = NodeConfig.of(java.util.Map.of("pubsub#publish_model", "open", "pubsub#max_items", "7",
                "pubsub#deliver_payloads", "0", "pubsub#title", "Title with\nnewline \\ and = sign"));
        Node created = store.createNode("configured", ALICE, config, T0).orElseThrow();
        assertThat(store.findNode("configured").orElseThrow().config()).isEqualTo(config).isEqualTo(created.config());
    }

    @Test
    void appendedItemsGetIncreasingSequencesAndComeBackOldestFirst() {
        Node node = node("news");
        List<Item> first = store.appendItems(node, items("a", "b"), ALICE, T0, 10, UNTOLD).stored();
        List<Item> second = store.appendItems(node, items("c"), ALICE, T0, 10, UNTOLD).stored();
        assertThat(first).extracting(Item::sequence).containsExactly(1L, 2L);
        assertThat(second).extracting(Item::sequence).containsExactly(3L);
        assertThat(store.items(node, 10)).extracting(Item::itemId).containsExactly("a", "b", "c");
        assertThat(store.items(node, 2)).extracting(Item::itemId).containsExactly("b", "c");
        assertThat(store.items(node, 10).get(0).payloadXml()).isEqualTo("<entry xmlns='urn:test'>a</entry>");
        assertThat(store.items(node, 10).get(0).publisher()).isEqualTo(ALICE);
    }

    @Test
    void republishingAnIdReplacesTheItemAndMakesItNewest() {
        Node node = node("news");
        store.appendItems(node, items("a", "b"), ALICE, T0, 10, UNTOLD);
        store.appendItems(node, items("a"), ALICE, T0, 10, UNTOLD);
        List<Item> all = store.items(node, 10);
        assertThat(all).extracting(Item::itemId).containsExactly("b", "a");
        assertThat(all).extracting(Item::sequence).containsExactly(2L, 3L);
    }

    @Test
    void repeatedIdWithinOnePublishCountsOnce() {
        Node node = node("news");
        List<Item> stored = store.appendItems(node,
                List.of(new NewItem("a", "<x xmlns='t'>1</x>"), new NewItem("a", "<x xmlns='t'>2</x>")), ALICE, T0, 10, UNTOLD)
                .stored();
        assertThat(stored).hasSize(1);
        assertThat(store.items(node, 10)).singleElement().extracting(Item::payloadXml).isEqualTo("<x xmlns='t'>2</x>");
    }

    @Test
    void oldestItemsBeyondMaxItemsAreEvictedAndReported() {
        Node node = node("news");
        assertThat(store.appendItems(node, items("a", "b", "c"), ALICE, T0, 2, UNTOLD).evicted()).containsExactly("a");
        assertThat(store.appendItems(node, items("d", "e"), ALICE, T0, 2, UNTOLD).evicted()).containsExactly("b", "c");
        assertThat(store.items(node, 10)).extracting(Item::itemId).containsExactly("d", "e");
        assertThat(store.appendItems(node, items("e"), ALICE, T0, 2, UNTOLD).evicted()).isEmpty();
    }

    @Test
    void itemCountStaysTrueThroughEveryChangeOfItems() {
        Node node = node("news");
        store.appendItems(node, items("a", "b", "c"), ALICE, T0, 10, UNTOLD);
        assertThat(store.itemCount(node)).isEqualTo(3);
        store.appendItems(node, items("a", "d"), ALICE, T0.plusSeconds(10), 10, UNTOLD); // a replaced, d new
        assertThat(store.itemCount(node)).isEqualTo(4);
        store.appendItems(node, items("e", "f"), ALICE, T0.plusSeconds(10), 4, UNTOLD); // b and c evicted
        assertThat(store.itemCount(node)).isEqualTo(4);
        store.removeItems(node, List.of("d", "nope"), UNTOLD);
        assertThat(store.itemCount(node)).isEqualTo(3);
        store.removeItemsPublishedBefore(node, T0.plusSeconds(5)); // nothing older is left
        assertThat(store.itemCount(node)).isEqualTo(3);
        store.appendItems(node, items("old"), ALICE, T0, 10, UNTOLD);
        assertThat(store.removeItemsPublishedBefore(node, T0.plusSeconds(5))).isEqualTo(1);
        assertThat(store.itemCount(node)).isEqualTo(3).isEqualTo(store.items(node, 100).size());
        store.purgeItems(node);
        assertThat(store.itemCount(node)).isZero();
        // the oldest items go by the count even after all those changes
        assertThat(store.appendItems(node, items("g", "h", "i"), ALICE, T0, 2, UNTOLD).evicted()).containsExactly("g");
    }

    @Test
    void itemsByIdAndItemsAfterASequence() {
        Node node = node("news");
        store.appendItems(node, items("a", "b", "c", "d"), ALICE, T0, 10, UNTOLD);
        assertThat(store.itemsById(node, List.of("c", "a", "zz"))).extracting(Item::itemId).containsExactly("a", "c");
        assertThat(store.itemsAfter(node, 2, 10)).extracting(Item::itemId).containsExactly("c", "d");
        assertThat(store.itemsAfter(node, 0, 1)).extracting(Item::itemId).containsExactly("a");
    }

    @Test
    void pagesOfItemsInItemOrderWithIndexAndCount() {
        Node node = node("news");
        store.appendItems(node, items("a", "b", "c", "d", "e"), ALICE, T0, 10, UNTOLD);
        org.pubsubserver.core.model.ItemPage first = store.itemPage(node,
                new org.pubsubserver.core.model.PageRequest(2, null, null, null)).orElseThrow();
        assertThat(first.items()).extracting(Item::itemId).containsExactly("a", "b");
        assertThat(first.firstIndex()).isZero();
        assertThat(first.count()).isEqualTo(5);
        var next = store.itemPage(node, new org.pubsubserver.core.model.PageRequest(2, "b", null, null)).orElseThrow();
        assertThat(next.items()).extracting(Item::itemId).containsExactly("c", "d");
        assertThat(next.firstIndex()).isEqualTo(2);
        var last = store.itemPage(node, new org.pubsubserver.core.model.PageRequest(2, null, "", null)).orElseThrow();
        assertThat(last.items()).extracting(Item::itemId).containsExactly("d", "e");
        assertThat(last.firstIndex()).isEqualTo(3);
        var previous = store.itemPage(node, new org.pubsubserver.core.model.PageRequest(2, null, "d", null)).orElseThrow();
        assertThat(previous.items()).extracting(Item::itemId).containsExactly("b", "c");
        var jump = store.itemPage(node, new org.pubsubserver.core.model.PageRequest(10, null, null, 4)).orElseThrow();
        assertThat(jump.items()).extracting(Item::itemId).containsExactly("e");
        var countOnly = store.itemPage(node, new org.pubsubserver.core.model.PageRequest(0, null, null, null)).orElseThrow();
        assertThat(countOnly.items()).isEmpty();
        assertThat(countOnly.count()).isEqualTo(5);
        assertThat(store.itemPage(node, new org.pubsubserver.core.model.PageRequest(2, "gone", null, null))).isEmpty();
    }

    @Test
    void removedItemsAreGoneAndOnlyExistingOnesAreReported() {
        Node node = node("news");
        store.appendItems(node, items("a", "b", "c"), ALICE, T0, 10, UNTOLD);
        assertThat(store.removeItems(node, List.of("c", "zz", "a"), UNTOLD)).extracting(Item::itemId).containsExactly("a", "c");
        assertThat(store.items(node, 10)).extracting(Item::itemId).containsExactly("b");
    }

    @Test
    void aToldRemovalTakesTheNextPlaceInTheSequenceAndAnUntoldOneOnlyRemembersTheNewestItemItTook_xep0060_7_2_2_1() {
        Node node = node("news");
        store.appendItems(node, items("a", "b", "c", "d"), ALICE, T0, 10, UNTOLD); // 1 to 4
        assertThat(store.streamPosition(node)).isEqualTo(new StreamPosition(4, 0, 0));
        store.removeItems(node, List.of("c", "a"), UNTOLD);
        assertThat(store.streamPosition(node)).as("no place taken; c (3) was the newest item removed")
                .isEqualTo(new StreamPosition(4, 0, 3));
        store.removeItems(node, List.of("b"), UNTOLD);
        assertThat(store.streamPosition(node).lost()).as("the newest so far stays").isEqualTo(3);
        store.removeItems(node, List.of("d"), TOLD);
        assertThat(store.streamPosition(node)).isEqualTo(new StreamPosition(5, 5, 3));
        store.removeItems(node, List.of("gone"), TOLD);
        assertThat(store.streamPosition(node)).as("nothing removed").isEqualTo(new StreamPosition(5, 5, 3));
        assertThat(store.appendItems(node, items("e"), ALICE, T0, 10, UNTOLD).stored().get(0).sequence()).isEqualTo(6);
        store.purgeItems(node);
        assertThat(store.streamPosition(node)).as("a purge is told").isEqualTo(new StreamPosition(7, 7, 3));
        store.appendItems(node, items("old"), ALICE, T0, 10, UNTOLD);
        store.removeItemsPublishedBefore(node, T0.plusSeconds(1));
        assertThat(store.streamPosition(node)).as("expiry leaves no trace").isEqualTo(new StreamPosition(8, 7, 3));
    }

    @Test
    void aToldEvictionTakesItsPlaceBeforeTheNewItemsAndAnUntoldOneTakesNone_xep0060_7_1_2_5() {
        Node told = node("told");
        store.appendItems(told, items("a", "b"), ALICE, T0, 2, TOLD);
        org.pubsubserver.core.model.AppendResult evicting = store.appendItems(told, items("c"), ALICE, T0, 2, TOLD);
        assertThat(evicting.evicted()).containsExactly("a");
        assertThat(evicting.removal()).isEqualTo(3);
        assertThat(evicting.stored()).extracting(Item::sequence).containsExactly(4L);
        assertThat(store.streamPosition(told)).isEqualTo(new StreamPosition(4, 3, 0));

        Node untold = node("untold");
        store.appendItems(untold, items("a", "b"), ALICE, T0, 2, UNTOLD);
        evicting = store.appendItems(untold, items("c"), ALICE, T0, 2, UNTOLD);
        assertThat(evicting.evicted()).containsExactly("a");
        assertThat(evicting.removal()).isZero();
        assertThat(evicting.stored()).extracting(Item::sequence).containsExactly(3L);
        store.appendItems(untold, items("d"), ALICE, T0, 2, UNTOLD); // pushes b (2) out
        assertThat(store.streamPosition(untold)).isEqualTo(new StreamPosition(4, 0, 2));
        assertThat(store.appendItems(untold, items("e"), ALICE, T0, 10, UNTOLD).removal()).as("nothing evicted").isZero();
    }

    @Test
    void subscriptionsOfABareJidIncludeFullJidSubscriptionsAcrossNodes() {
        Node news = node("news");
        Node blog = node("blog");
        JID bobPhone = new JID("bob@example.org/phone");
        JID bobBare = new JID("bob@example.org");
        store.addSubscription(news, bobPhone, "s1", SubscriptionState.SUBSCRIBED, SubscriptionOptions.defaults());
        store.addSubscription(blog, bobBare, "s2", SubscriptionState.SUBSCRIBED, SubscriptionOptions.defaults());
        store.addSubscription(blog, ALICE, "s3", SubscriptionState.SUBSCRIBED, SubscriptionOptions.defaults());
        assertThat(store.subscriptionsOf(bobBare, null))
                .extracting(s -> s.node() + " " + s.jid() + " " + s.subId())
                .containsExactly("blog bob@example.org s2", "news bob@example.org/phone s1");
        assertThat(store.subscriptionsOf(bobBare, "news")).extracting(s -> s.subId()).containsExactly("s1");
    }

    @Test
    void affiliationsOfABareJidAcrossNodes() {
        Node news = node("news");
        node("blog");
        JID bob = new JID("bob@example.org");
        store.setAffiliation(news, bob, Affiliation.PUBLISHER);
        assertThat(store.affiliationsOf(ALICE.asBareJID(), null))
                .extracting(a -> a.node() + " " + a.affiliation().value())
                .containsExactly("blog owner", "news owner");
        assertThat(store.affiliationsOf(bob, null)).extracting(a -> a.node() + " " + a.affiliation().value())
                .containsExactly("news publisher");
        assertThat(store.affiliationsOf(ALICE.asBareJID(), "blog")).hasSize(1);
    }

    @Test
    void aNodesAffiliationsAreListedAndSetAffiliationReplaces() {
        Node news = node("news");
        JID bob = new JID("bob@example.org");
        store.setAffiliation(news, bob, Affiliation.PUBLISHER);
        store.setAffiliation(news, bob, Affiliation.MEMBER);
        assertThat(store.affiliations(news)).extracting(a -> a.jid() + " " + a.affiliation().value())
                .containsExactly("alice@example.org owner", "bob@example.org member");
        assertThat(store.affiliation(news, bob)).isEqualTo(Affiliation.MEMBER);
    }

    @Test
    void subscriptionOptionsAreStoredAndReplaced() throws Exception {
        Node node = node("news");
        JID bob = new JID("bob@example.org/laptop");
        SubscriptionOptions quiet = SubscriptionOptions.defaults().with(java.util.Map.of("pubsub#deliver", "0",
                "pubsub#expire", "2030-01-01T00:00:00Z"));
        store.addSubscription(node, bob, "s1", SubscriptionState.SUBSCRIBED, quiet);
        assertThat(store.subscriptions(node)).singleElement().extracting(s -> s.options()).isEqualTo(quiet);
        assertThat(store.setSubscriptionOptions(node, "s1", SubscriptionOptions.defaults())).isTrue();
        assertThat(store.subscriptionsOf(new JID("bob@example.org"), null)).singleElement()
                .extracting(s -> s.options()).isEqualTo(SubscriptionOptions.defaults());
        assertThat(store.setSubscriptionOptions(node, "nope", quiet)).isFalse();
    }

    @Test
    void subscriptionsAreAddedListedAndRemoved() {
        Node node = node("news");
        JID bob = new JID("bob@example.org/laptop");
        store.addSubscription(node, bob, "s1", SubscriptionState.SUBSCRIBED, SubscriptionOptions.defaults());
        store.addSubscription(node, bob, "s2", SubscriptionState.SUBSCRIBED, SubscriptionOptions.defaults());
        assertThat(store.subscriptions(node)).extracting(s -> s.subId()).containsExactly("s1", "s2");
        assertThat(store.removeSubscriptions(node, bob, "s1")).isEqualTo(1);
        assertThat(store.removeSubscriptions(node, bob, null)).isEqualTo(1);
        assertThat(store.removeSubscriptions(node, bob, null)).isZero();
        assertThat(store.subscriptions(node)).isEmpty();
    }

    @Test
    void deletingANodeRemovesEverythingOfIt() {
        Node node = node("news");
        store.appendItems(node, items("a"), ALICE, T0, 10, UNTOLD);
        store.addSubscription(node, ALICE, "s1", SubscriptionState.SUBSCRIBED, SubscriptionOptions.defaults());
        assertThat(store.deleteNode(node, null)).isTrue();
        assertThat(store.findNode("news")).isEmpty();
        assertThat(store.redirectOf("news")).isEmpty();
        assertThat(store.deleteNode(node, null)).isFalse();
        Node again = node("news");
        assertThat(store.items(again, 10)).isEmpty();
        assertThat(store.subscriptions(again)).isEmpty();
    }

    @Test
    void aRedirectIsRememberedUntilTheNameIsUsedAgain() {
        Node node = node("old");
        assertThat(store.deleteNode(node, "xmpp:pubsub.example.org?;node=new")).isTrue();
        assertThat(store.redirectOf("old")).contains("xmpp:pubsub.example.org?;node=new");
        node("old");
        assertThat(store.redirectOf("old")).isEmpty();
    }

    @Test
    void itemsPublishedByABareJidAndItsResources() {
        Node node = node("news");
        store.appendItems(node, items("a"), new JID("bob@example.org/phone"), T0, 10, UNTOLD);
        store.appendItems(node, items("b"), new JID("bob@example.org"), T0, 10, UNTOLD);
        store.appendItems(node, items("c"), new JID("bob@example.orgx/phone"), T0, 10, UNTOLD);
        store.appendItems(node, items("d"), ALICE, T0, 10, UNTOLD);
        assertThat(store.itemIdsPublishedBy(node, new JID("bob@example.org"))).containsExactly("a", "b");
    }

    @Test
    void nodeNamesAreSorted() {
        node("b");
        node("a/with/slashes");
        assertThat(store.nodeNames()).containsExactly("a/with/slashes", "b");
    }

    @Test
    void aGroupSeesItsOwnWriteEvenWhereAnotherThreadCachedTheCommittedValueMeanwhile() throws Exception {
        Node node = store.createNode("shared", new JID("alice@example.org"), NodeConfig.defaults(), Instant.EPOCH)
                .orElseThrow();
        NodeConfig changed = NodeConfig.of(Map.of("pubsub#max_items", "7"));
        GroupCommit group = store.groupCommit();
        group.begin();
        store.updateConfig(node, changed);
        // another lane reads (and caches) the committed configuration while the group is open
        assertThat(CompletableFuture.supplyAsync(() -> store.findNode("shared")).get().orElseThrow().config())
                .isEqualTo(NodeConfig.defaults());
        assertThat(store.findNode("shared").orElseThrow().config()).isEqualTo(changed);
        group.commit();
        assertThat(CompletableFuture.supplyAsync(() -> store.findNode("shared")).get().orElseThrow().config())
                .isEqualTo(changed);
    }

    @Test
    void theCachedNodeAndSubscriptionsFollowEveryWrite() {
        JID alice = new JID("alice@example.org");
        Node node = store.createNode("cached", alice, NodeConfig.defaults(), Instant.EPOCH).orElseThrow();
        assertThat(store.findNode("cached")).contains(node);
        NodeConfig changed = NodeConfig.of(Map.of("pubsub#title", "changed"));
        store.updateConfig(node, changed);
        assertThat(store.findNode("cached").orElseThrow().config()).isEqualTo(changed);
        assertThat(store.subscriptions(node)).isEmpty();
        store.addSubscription(node, new JID("bob@example.org"), "s1",
                SubscriptionState.SUBSCRIBED,
                SubscriptionOptions.defaults());
        assertThat(store.subscriptions(node)).hasSize(1);
        store.setSubscriptionState(node, "s1", SubscriptionState.PENDING);
        assertThat(store.subscriptions(node).get(0).state()).isEqualTo(SubscriptionState.PENDING);
        store.removeSubscriptions(node, new JID("bob@example.org"), null);
        assertThat(store.subscriptions(node)).isEmpty();
        assertThat(store.affiliation(node, new JID("bob@example.org"))).isEqualTo(Affiliation.NONE);
        store.setAffiliation(node, new JID("bob@example.org"), Affiliation.MEMBER);
        assertThat(store.affiliation(node, new JID("bob@example.org"))).isEqualTo(Affiliation.MEMBER);
        store.deleteNode(node, null);
        assertThat(store.findNode("cached")).isEmpty();
        Node again = store.createNode("cached", alice, NodeConfig.defaults(), Instant.EPOCH).orElseThrow();
        assertThat(store.findNode("cached")).contains(again);
    }
}
