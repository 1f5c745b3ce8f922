package org.pubsubserver.core.usecase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;
import static org.pubsubserver.core.testing.EngineFixture.await;
import static org.pubsubserver.core.testing.EngineFixture.refusal;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.pubsubserver.core.access.RosterSource;
import org.pubsubserver.core.access.ServicePolicy;
import org.pubsubserver.core.config.NodeConfigField;
import org.pubsubserver.core.error.PubSubCondition;
import org.pubsubserver.core.error.PubSubException;
import org.pubsubserver.core.error.StanzaCondition;
import org.pubsubserver.core.event.CollectionChanged;
import org.pubsubserver.core.event.CollectionSubscribers;
import org.pubsubserver.core.event.ItemsPublished;
import org.pubsubserver.core.event.ItemsRetracted;
import org.pubsubserver.core.event.NodePurged;
import org.pubsubserver.core.model.NewItem;
import org.pubsubserver.core.model.Node;
import org.pubsubserver.core.model.Subscription;
import org.pubsubserver.core.store.NodeStore;
import org.pubsubserver.core.testing.EngineFixture;
import org.xmpp.packet.JID;

/** Collection nodes (XEP-0248): each test names the section (anchor) of the XEP it follows. */
class CollectionNodesTest {
    private static final JID ALICE = new JID("alice@example.org/desk");
    private static final JID BOB = new JID("bob@example.org/phone");
    private static final JID CAROL = new JID("carol@example.org/tab");

    /** Calls of each store method, by name. */
    private final Map<String, AtomicInteger> storeCalls = new ConcurrentHashMap<>();
    private final EngineFixture fixture = new EngineFixture(ServicePolicy.open(), RosterSource.NONE, this::counting);

    @AfterEach
    void close() {
        fixture.close();
    }

    private NodeStore counting(NodeStore store) {
        return (NodeStore) Proxy.newProxyInstance(NodeStore.class.getClassLoader(), new Class<?>[] {NodeStore.class},
                (proxy, method, args) -> {
                    storeCalls.computeIfAbsent(method.getName(), name -> new AtomicInteger()).incrementAndGet();
                    try {
                        return method.invoke(store, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private int calls(String method) {
        AtomicInteger count = storeCalls.get(method);
        return count == null ? 0 : count.get();
    }

    private Node create(JID owner, String node, String... fields) throws Exception {
        Map<String, String> config = new HashMap<>();
        for (int i = 0; i < fields.length; i += 2) {
            config.put(fields[i], fields[i + 1]);
        }
        return await(fixture.engine.createNode(new CreateNode.Request(owner, node, config)));
    }

    private Node collection(String node, String... fields) throws Exception {
        String[] all = new String[fields.length + 2];
        all[0] = "pubsub#node_type";
        all[1] = "collection";
        System.arraycopy(fields, 0, all, 2, fields.length);
        return create(ALICE, node, all);
    }

    private Node configure(JID owner, String node, String... fields) throws Exception {
        Map<String, String> changes = new HashMap<>();
        for (int i = 0; i < fields.length; i += 2) {
            changes.put(fields[i], fields[i + 1]);
        }
        return await(fixture.engine.configureNode(new ConfigureNode.Request(owner, node, changes)));
    }

    private PubSubException refusedConfigure(JID owner, String node, String... fields) {
        Map<String, String> changes = new HashMap<>();
        for (int i = 0; i < fields.length; i += 2) {
            changes.put(fields[i], fields[i + 1]);
        }
        return refusal(fixture.engine.configureNode(new ConfigureNode.Request(owner, node, changes)));
    }

    private Node node(String name) throws Exception {
        return await(fixture.engine.findNode(name)).orElseThrow();
    }

    private Subscription subscribe(JID who, String node, String type, String depth) throws Exception {
        return await(fixture.engine.subscribe(new Subscribe.Request(who, node, who.asBareJID(),
                Map.of("pubsub#subscription_type", type, "pubsub#subscription_depth", depth)))).subscription();
    }

    private void publish(String node, String id) throws Exception {
        await(fixture.engine.publish(new Publish.Request(ALICE, node, List.of(new NewItem(id, "<e xmlns='urn:t'/>")))));
    }

    private static void assertRefused(PubSubException refused, StanzaCondition condition, PubSubCondition specific) {
        assertThat(refused.condition()).isEqualTo(condition);
        assertThat(refused.pubSubCondition()).isEqualTo(specific);
    }

    @Test
    void aCollectionIsCreatedWithNodeTypeCollection_xep0248_createnode() throws Exception {
        Node blogs = collection("blogs");
        assertThat(blogs.isCollection()).isTrue();
        assertThat(node("blogs").config().value(NodeConfigField.NODE_TYPE)).isEqualTo("collection");
        assertThat(create(ALICE, "plain").isCollection()).as("the default stays leaf").isFalse();
    }

    @Test
    void aLeafIsCreatedInACollectionWithPubsubCollection_xep0248_createnode() throws Exception {
        collection("blogs");
        Node leaf = create(ALICE, "princely_musings", "pubsub#collection", "blogs");
        assertThat(leaf.parent()).isEqualTo("blogs");
        assertThat(node("princely_musings").parent()).isEqualTo("blogs");
        assertThat(await(fixture.engine.childNodes("blogs")).names()).containsExactly("princely_musings");
    }

    @Test
    void theRootListsOnlyNodesWithoutAParent_xep0248_root() throws Exception {
        create(ALICE, "a");
        create(ALICE, "b");
        assertThat(await(fixture.engine.topLevelNodeNames())).as("without collections: every node")
                .isEqualTo(await(fixture.engine.nodeNames())).containsExactly("a", "b");
        collection("blogs");
        create(ALICE, "c", "pubsub#collection", "blogs");
        assertThat(await(fixture.engine.topLevelNodeNames())).containsExactly("a", "b", "blogs");
        assertThat(await(fixture.engine.childNodes("blogs")).names()).containsExactly("c");
        assertThat(await(fixture.engine.childNodes("a")).names()).as("a leaf has no children").isEmpty();
    }

    @Test
    void aLeafHasNoChildren_xep0248_error_children_on_leaf() throws Exception {
        create(ALICE, "leaf");
        assertRefused(refusal(fixture.engine.createNode(new CreateNode.Request(ALICE, "child",
                Map.of("pubsub#collection", "leaf")))), StanzaCondition.NOT_ALLOWED, PubSubCondition.INVALID_OPTIONS);
        create(ALICE, "other");
        assertRefused(refusedConfigure(ALICE, "leaf", "pubsub#children", "other"),
                StanzaCondition.NOT_ALLOWED, PubSubCondition.INVALID_OPTIONS);
        assertThat(node("other").parent()).isNull();
    }

    @Test
    void aCollectionNeverBecomesALeaf_xep0248_error_node_type() throws Exception {
        collection("blogs");
        assertRefused(refusedConfigure(ALICE, "blogs", "pubsub#node_type", "leaf"),
                StanzaCondition.NOT_ALLOWED, PubSubCondition.INVALID_OPTIONS);
        assertThat(node("blogs").isCollection()).isTrue();
    }

    @Test
    void aLeafBecomesACollectionAndLosesItsItems_xep0248_change_to_collection() throws Exception {
        create(ALICE, "news");
        publish("news", "one");
        configure(ALICE, "news", "pubsub#node_type", "collection");
        assertThat(node("news").isCollection()).isTrue();
        assertThat(fixture.store.itemCount(node("news"))).isZero();
        assertThat(fixture.events(NodePurged.class, "news")).hasSize(1);
    }

    @Test
    void aLoop_isRefused_xep0248_error_collection_cycle() throws Exception {
        collection("a");
        collection("b", "pubsub#collection", "a");
        collection("c", "pubsub#collection", "b");
        assertRefused(refusedConfigure(ALICE, "a", "pubsub#collection", "c"),
                StanzaCondition.NOT_ALLOWED, PubSubCondition.INVALID_OPTIONS);
        assertRefused(refusedConfigure(ALICE, "c", "pubsub#children", "a"),
                StanzaCondition.NOT_ALLOWED, PubSubCondition.INVALID_OPTIONS);
        assertRefused(refusedConfigure(ALICE, "a", "pubsub#collection", "a"),
                StanzaCondition.NOT_ALLOWED, PubSubCondition.INVALID_OPTIONS);
        assertThat(node("a").parent()).isNull();
    }

    @Test
    void childrenMaxIsKept_xep0248_error_max_children() throws Exception {
        collection("blogs", "pubsub#children_max", "1");
        create(ALICE, "one", "pubsub#collection", "blogs");
        assertRefused(refusal(fixture.engine.createNode(new CreateNode.Request(ALICE, "two",
                Map.of("pubsub#collection", "blogs")))), StanzaCondition.NOT_ALLOWED, PubSubCondition.MAX_NODES_EXCEEDED);
        create(ALICE, "three");
        assertRefused(refusedConfigure(ALICE, "three", "pubsub#collection", "blogs"),
                StanzaCondition.NOT_ALLOWED, PubSubCondition.MAX_NODES_EXCEEDED);
        assertRefused(refusedConfigure(ALICE, "blogs", "pubsub#children", "one\nthree"),
                StanzaCondition.NOT_ALLOWED, PubSubCondition.MAX_NODES_EXCEEDED);
        assertThat(await(fixture.engine.childNodes("blogs")).names()).containsExactly("one");
    }

    @Test
    void onlyThoseThePolicyNamesAssociate_xep0248_error_config_not_authorized() throws Exception {
        collection("blogs"); // children_association_policy owners, the default
        PubSubException refused = refusal(fixture.engine.createNode(new CreateNode.Request(BOB, "bobs",
                Map.of("pubsub#collection", "blogs"))));
        assertThat(refused.condition()).isEqualTo(StanzaCondition.FORBIDDEN);
        configure(ALICE, "blogs", "pubsub#children_association_policy", "whitelist",
                "pubsub#children_association_whitelist", "bob@example.org");
        assertThat(create(BOB, "bobs", "pubsub#collection", "blogs").parent()).isEqualTo("blogs");
        create(CAROL, "carols");
        assertThat(refusedConfigure(CAROL, "carols", "pubsub#collection", "blogs").condition())
                .isEqualTo(StanzaCondition.FORBIDDEN);
        configure(ALICE, "blogs", "pubsub#children_association_policy", "all");
        assertThat(configure(CAROL, "carols", "pubsub#collection", "blogs").parent()).isEqualTo("blogs");
        // through the collection's pubsub#children, only nodes the requester owns
        create(BOB, "bobs2");
        assertThat(refusedConfigure(ALICE, "blogs", "pubsub#children", "bobs\ncarols\nbobs2").condition())
                .isEqualTo(StanzaCondition.FORBIDDEN);
    }

    @Test
    void nodesAreAssociatedAndDissociatedThroughConfiguration_xep0248_associate_node_and_dissociate() throws Exception {
        collection("blogs");
        create(ALICE, "a");
        create(ALICE, "b");
        configure(ALICE, "a", "pubsub#collection", "blogs");
        configure(ALICE, "blogs", "pubsub#children", "a\nb");
        assertThat(await(fixture.engine.childNodes("blogs")).names()).containsExactly("a", "b");
        // §impl-config: each side's form shows the graph
        Node form = await(fixture.engine.configureNode(new ConfigureNode.Request(ALICE, "blogs", null)));
        assertThat(form.config().value(NodeConfigField.CHILDREN)).isEqualTo("a\nb");
        Node leafForm = await(fixture.engine.configureNode(new ConfigureNode.Request(ALICE, "a", null)));
        assertThat(leafForm.config().value(NodeConfigField.COLLECTION)).isEqualTo("blogs");
        configure(ALICE, "a", "pubsub#collection", ""); // to the root
        configure(ALICE, "blogs", "pubsub#children", "");
        assertThat(await(fixture.engine.childNodes("blogs")).names()).isEmpty();
        assertThat(node("a").parent()).isNull();
        assertThat(node("b").parent()).isNull();
        assertRefused(refusedConfigure(ALICE, "a", "pubsub#collection", "blogs\nother"),
                StanzaCondition.NOT_ACCEPTABLE, PubSubCondition.INVALID_OPTIONS); // no pubsub#multi-collections
    }

    private Node associate(JID who, String collection, String child, boolean associate) throws Exception {
        return await(fixture.engine.associateNode(new AssociateNode.Request(who, collection, child, associate)));
    }

    private PubSubException refusedAssociate(JID who, String collection, String child, boolean associate) {
        return refusal(fixture.engine.associateNode(new AssociateNode.Request(who, collection, child, associate)));
    }

    @Test
    void aNodeIsAssociatedAndDissociatedByItself_xep0248_associate_node() throws Exception {
        collection("blogs");
        create(ALICE, "a");
        assertThat(associate(ALICE, "blogs", "a", true).parent()).isEqualTo("blogs");
        assertThat(await(fixture.engine.childNodes("blogs")).names()).containsExactly("a");
        assertThat(associate(ALICE, "blogs", "a", false).parent()).isNull();
        assertThat(await(fixture.engine.topLevelNodeNames())).contains("a");
    }

    @Test
    void dissociatingANodeThatIsNotAChild_isABadRequest_xep0248_error_dissoc_not_assoc() throws Exception {
        collection("blogs");
        create(ALICE, "a");
        assertThat(refusedAssociate(ALICE, "blogs", "a", false).condition()).isEqualTo(StanzaCondition.BAD_REQUEST);
    }

    @Test
    void associatingWithoutTheRight_isForbidden_xep0248_error_assoc_auth_and_error_dissoc_auth() throws Exception {
        collection("blogs");
        create(BOB, "bobs");
        assertThat(refusedAssociate(BOB, "blogs", "bobs", true).condition()).as("blogs' policy: owners")
                .isEqualTo(StanzaCondition.FORBIDDEN);
        create(ALICE, "a", "pubsub#collection", "blogs");
        assertThat(refusedAssociate(CAROL, "blogs", "a", false).condition()).isEqualTo(StanzaCondition.FORBIDDEN);
        assertThat(node("a").parent()).isEqualTo("blogs");
    }

    @Test
    void associationsKeepCyclesAndChildrenMaxOut_xep0248_error_assoc_cycle_and_error_assoc_too_many_nodes()
            throws Exception {
        collection("a");
        collection("b", "pubsub#collection", "a", "pubsub#children_max", "1");
        assertRefused(refusedAssociate(ALICE, "b", "a", true), StanzaCondition.NOT_ALLOWED,
                PubSubCondition.INVALID_OPTIONS);
        create(ALICE, "one", "pubsub#collection", "b");
        create(ALICE, "two");
        assertRefused(refusedAssociate(ALICE, "b", "two", true), StanzaCondition.NOT_ALLOWED,
                PubSubCondition.MAX_NODES_EXCEEDED);
    }

    @Test
    void deletingACollectionDissociatesItsChildren_xep0248_imple_delete() throws Exception {
        collection("blogs");
        create(ALICE, "a", "pubsub#collection", "blogs");
        subscribe(BOB, "blogs", "nodes", "1");
        fixture.clearEvents();
        await(fixture.engine.deleteNode(new DeleteNode.Request(ALICE, "blogs")));
        assertThat(node("a").parent()).isNull();
        assertThat(await(fixture.engine.topLevelNodeNames())).containsExactly("a");
        // its nodes subscribers are told the child left (and its streams end on that)
        assertThat(fixture.events(CollectionChanged.class, "blogs")).singleElement().satisfies(change -> {
            assertThat(change.child()).isEqualTo("a");
            assertThat(change.change()).isEqualTo(CollectionChanged.Change.DISSOCIATED);
            assertThat(change.subscribers()).hasSize(1);
        });
    }

    @Test
    void publishingToACollectionIsUnsupported_xep0060_7_1_3_2() throws Exception {
        collection("blogs");
        PubSubException refused = refusal(fixture.engine.publish(new Publish.Request(ALICE, "blogs",
                List.of(new NewItem("x", "<e xmlns='urn:t'/>")))));
        assertThat(refused.condition()).isEqualTo(StanzaCondition.FEATURE_NOT_IMPLEMENTED);
        assertThat(refused.feature()).isEqualTo("publish");
    }

    @Test
    void itemsOfALeafReachTheCollectionsItemsSubscribersUpToTheirDepth_xep0248_notify_items() throws Exception {
        collection("top");
        collection("blogs", "pubsub#collection", "top");
        create(ALICE, "leaf", "pubsub#collection", "blogs");
        subscribe(BOB, "blogs", "items", "1");
        subscribe(CAROL, "top", "items", "1"); // the leaf is two levels below: not reached
        subscribe(ALICE, "top", "items", "all");
        subscribe(new JID("dave@example.org"), "blogs", "nodes", "1"); // nodes only
        publish("leaf", "one");
        ItemsPublished published = fixture.events(ItemsPublished.class, "leaf").get(0);
        assertThat(published.collections()).extracting(CollectionSubscribers::collection, CollectionSubscribers::depth)
                .containsExactly(tuple("blogs", 1), tuple("top", 2));
        assertThat(published.collections().get(0).subscribers()).extracting(s -> s.jid().toBareJID())
                .containsExactly("bob@example.org");
        assertThat(published.collections().get(1).subscribers()).extracting(s -> s.jid().toBareJID())
                .containsExactly("alice@example.org");
    }

    @Test
    void retractionsAndPurgesOfALeafReachTheCollectionsItemsSubscribersToo_xep0248_subscribe() throws Exception {
        collection("blogs");
        create(ALICE, "leaf", "pubsub#collection", "blogs");
        subscribe(BOB, "blogs", "items", "1");
        publish("leaf", "one");
        await(fixture.engine.retractItems(new RetractItems.Request(ALICE, "leaf", List.of("one"), true)));
        await(fixture.engine.purgeNode(new PurgeNode.Request(ALICE, "leaf")));
        ItemsRetracted retracted = fixture.events(ItemsRetracted.class, "leaf").get(0);
        assertThat(retracted.collections()).singleElement().satisfies(c -> assertThat(c.subscribers())
                .extracting(s -> s.jid().toBareJID()).containsExactly("bob@example.org"));
        assertThat(fixture.events(NodePurged.class, "leaf").get(0).collections()).singleElement()
                .satisfies(c -> assertThat(c.collection()).isEqualTo("blogs"));
        // a collection holds no items: nothing to retract or purge (XEP-0060 §7.2.3.5, §8.5.3.3)
        assertThat(refusal(fixture.engine.purgeNode(new PurgeNode.Request(ALICE, "blogs"))).feature())
                .isEqualTo("persistent-items");
    }

    @Test
    void aCollectionSubscriberGetsOnlyItemsOfLeavesItMayRead_xep0248_security_access() throws Exception {
        collection("blogs");
        create(ALICE, "closed", "pubsub#collection", "blogs", "pubsub#access_model", "whitelist");
        create(ALICE, "open", "pubsub#collection", "blogs");
        subscribe(BOB, "blogs", "items", "1");
        publish("closed", "secret");
        publish("open", "public");
        List<ItemsPublished> published = fixture.events(ItemsPublished.class, "closed", "open");
        assertThat(published).filteredOn(e -> e.node().name().equals("closed")).singleElement()
                .satisfies(e -> assertThat(e.collections().get(0).subscribers()).isEmpty());
        assertThat(published).filteredOn(e -> e.node().name().equals("open")).singleElement()
                .satisfies(e -> assertThat(e.collections().get(0).subscribers()).hasSize(1));
        // and retrieval through the collection: one result per leaf it may read (§retrieve-items)
        RetrieveItems.Result items = await(fixture.engine.retrieveItems(new RetrieveItems.Request(BOB, "blogs", 0,
                List.of())));
        assertThat(items.leaves()).extracting(leaf -> leaf.node().name()).containsExactly("open");
        assertThat(items.leaves().get(0).items()).extracting(item -> item.itemId()).containsExactly("public");
    }

    @Test
    void itemsOfACollectionAreTheItemsOfEachLeaf_xep0248_retrieve_items() throws Exception {
        collection("blogs");
        collection("inner", "pubsub#collection", "blogs");
        create(ALICE, "a", "pubsub#collection", "blogs");
        create(ALICE, "b", "pubsub#collection", "inner");
        publish("a", "a1");
        publish("b", "b1");
        RetrieveItems.Result items = await(fixture.engine.retrieveItems(new RetrieveItems.Request(ALICE, "blogs", 0,
                List.of())));
        assertThat(items.items()).isEmpty();
        assertThat(items.leaves()).extracting(leaf -> leaf.node().name()).containsExactly("a", "b");
        assertThat(items.leaves().get(1).items()).extracting(item -> item.itemId()).containsExactly("b1");
    }

    @Test
    void nodesSubscribersAreToldOfNewChildrenAssociationsAndDissociations_xep0248_notify_associate_dissociate()
            throws Exception {
        collection("blogs");
        create(ALICE, "old");
        Subscription carols = await(fixture.engine.subscribe(new Subscribe.Request(CAROL, "blogs", CAROL.asBareJID())))
                .subscription();
        assertThat(carols.options().itemsOfCollection()).as("the default type is items (see SubscriptionOptionField)")
                .isTrue();
        assertThat(carols.options().nodesOfCollection()).isFalse();
        subscribe(BOB, "blogs", "nodes", "1");
        create(ALICE, "new", "pubsub#collection", "blogs");
        configure(ALICE, "old", "pubsub#collection", "blogs");
        configure(ALICE, "old", "pubsub#collection", "");
        List<CollectionChanged> changes = fixture.events(CollectionChanged.class, "new", "old");
        // events of two lanes ("new", "old"): each lane's in order, the two in any
        assertThat(changes).extracting(CollectionChanged::child, CollectionChanged::change).containsExactlyInAnyOrder(
                tuple("new", CollectionChanged.Change.CREATED),
                tuple("old", CollectionChanged.Change.ASSOCIATED),
                tuple("old", CollectionChanged.Change.DISSOCIATED));
        assertThat(changes).filteredOn(change -> change.child().equals("old")).extracting(CollectionChanged::change)
                .containsExactly(CollectionChanged.Change.ASSOCIATED, CollectionChanged.Change.DISSOCIATED);
        assertThat(changes).allSatisfy(change -> assertThat(change.subscribers())
                .extracting(s -> s.jid().toBareJID()).containsExactly("bob@example.org"));
    }

    @Test
    void oneTypeTwiceWithAnotherDepthIsAConflict_xep0248_subscribe_errors() throws Exception {
        collection("blogs");
        subscribe(BOB, "blogs", "items", "1");
        PubSubException refused = refusal(fixture.engine.subscribe(new Subscribe.Request(BOB, "blogs",
                BOB.asBareJID(), Map.of("pubsub#subscription_type", "items", "pubsub#subscription_depth", "all"))));
        assertThat(refused.condition()).isEqualTo(StanzaCondition.CONFLICT);
        subscribe(BOB, "blogs", "nodes", "all"); // another type: allowed
    }

    @Test
    void theCollectionOptionsAreRefusedOnALeaf_xep0248_registrar_formtypes_subscribe() throws Exception {
        create(ALICE, "leaf");
        PubSubException refused = refusal(fixture.engine.subscribe(new Subscribe.Request(BOB, "leaf",
                BOB.asBareJID(), Map.of("pubsub#subscription_type", "nodes"))));
        assertRefused(refused, StanzaCondition.BAD_REQUEST, PubSubCondition.INVALID_OPTIONS);
        collection("blogs");
        PubSubException badDepth = refusal(fixture.engine.subscribe(new Subscribe.Request(BOB, "blogs",
                BOB.asBareJID(), Map.of("pubsub#subscription_depth", "deep"))));
        assertRefused(badDepth, StanzaCondition.BAD_REQUEST, PubSubCondition.INVALID_OPTIONS);
    }

    @Test
    void aPublishToANodeWithoutAParentCostsNoMoreStoreReads() throws Exception {
        create(ALICE, "news");
        publish("news", "warm");
        storeCalls.clear();
        publish("news", "one");
        assertThat(calls("findNode")).as("its own node only").isEqualTo(1);
        assertThat(calls("subscriptions")).as("its own subscriptions only").isEqualTo(1);
        assertThat(calls("children")).isZero();
    }

    @Test
    void aCycleMadeBehindTheChecksIsWalkedAtMost32Deep() throws Exception {
        collection("a");
        collection("b", "pubsub#collection", "a");
        create(ALICE, "leaf", "pubsub#collection", "b");
        // as two concurrent associations on two lanes could leave it: a -> b -> a
        fixture.store.setParent(node("a"), "b");
        storeCalls.clear();
        publish("leaf", "one");
        assertThat(calls("findNode")).as("the leaf, then at most 32 collections above it")
                .isLessThanOrEqualTo(1 + Hierarchy.MAX_DEPTH);
        assertThat(fixture.events(ItemsPublished.class, "leaf").get(0).collections()).hasSize(Hierarchy.MAX_DEPTH);
    }

    @Test
    void aLeaseOfACollectionSubscriptionIsKeptToo() throws Exception {
        collection("blogs");
        create(ALICE, "leaf", "pubsub#collection", "blogs");
        await(fixture.engine.subscribe(new Subscribe.Request(BOB, "blogs", BOB.asBareJID(), Map.of(
                "pubsub#subscription_type", "items", "pubsub#expire", fixture.clock.instant().plusSeconds(60).toString()))));
        fixture.clock.advance(Duration.ofMinutes(2));
        publish("leaf", "late");
        assertThat(fixture.events(ItemsPublished.class, "leaf").get(0).collections().get(0).subscribers()).isEmpty();
    }
}
