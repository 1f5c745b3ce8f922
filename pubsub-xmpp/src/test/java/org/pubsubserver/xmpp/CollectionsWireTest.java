package org.pubsubserver.xmpp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pubsubserver.xmpp.SurfaceHarness.ALICE;
import static org.pubsubserver.xmpp.SurfaceHarness.BOB;
import static org.pubsubserver.xmpp.SurfaceHarness.CAROL;
import static org.pubsubserver.xmpp.SurfaceHarness.NODE_CONFIG;
import static org.pubsubserver.xmpp.SurfaceHarness.OWNER_NS;
import static org.pubsubserver.xmpp.SurfaceHarness.PUBSUB_NS;
import static org.pubsubserver.xmpp.SurfaceHarness.assertError;
import static org.pubsubserver.xmpp.SurfaceHarness.assertResult;

import java.util.ArrayList;
import java.util.List;
import org.dom4j.Element;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.pubsubserver.xmpp.stanza.Namespaces;

/** Collection nodes (XEP-0248) on the wire: each test names the section (anchor) of the XEP it follows. */
class CollectionsWireTest {
    private static final String SUBSCRIBE_OPTIONS = "http://jabber.org/protocol/pubsub#subscribe_options";
    private static final String SHIM = "http://jabber.org/protocol/shim";

    private final SurfaceHarness harness = new SurfaceHarness();

    @AfterEach
    void stop() {
        harness.close();
    }

    private void create(String node, String... config) throws Exception {
        assertResult(createRequest(node, config));
    }

    private Element createRequest(String node, String... config) throws Exception {
        String configure = config.length == 0 ? "" : "<configure>" + SurfaceHarness.submittedForm(NODE_CONFIG, config)
                + "</configure>";
        return harness.iq("set", ALICE, "<pubsub " + PUBSUB_NS + "><create node='" + node + "'/>" + configure
                + "</pubsub>");
    }

    private Element configure(String node, String... fields) throws Exception {
        return harness.iq("set", ALICE, "<pubsub " + OWNER_NS + "><configure node='" + node + "'>"
                + SurfaceHarness.submittedForm(NODE_CONFIG, fields) + "</configure></pubsub>");
    }

    private void subscribe(String who, String node, String... options) throws Exception {
        String form = options.length == 0 ? "" : "<options>" + SurfaceHarness.submittedForm(SUBSCRIBE_OPTIONS, options)
                + "</options>";
        assertResult(harness.iq("set", who, "<pubsub " + PUBSUB_NS + "><subscribe node='" + node + "' jid='" + who
                + "'/>" + form + "</pubsub>"));
    }

    private Element publish(String node, String id) throws Exception {
        return harness.iq("set", ALICE, "<pubsub " + PUBSUB_NS + "><publish node='" + node + "'><item id='" + id
                + "'><entry xmlns='urn:t'>" + id + "</entry></item></publish></pubsub>");
    }

    /** The next {@code count} stanzas sent. */
    private List<Element> next(int count) throws Exception {
        List<Element> stanzas = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            stanzas.add(harness.next());
        }
        return stanzas;
    }

    /** A marker: an IQ answered after every notification queued before it (the link's order). */
    private void assertNothingMoreSent() throws Exception {
        Element ping = harness.iq("get", CAROL, "<ping xmlns='urn:xmpp:ping'/>");
        assertResult(ping);
    }

    private static List<String> headers(Element message, String name) {
        Element headers = message.element("headers");
        if (headers == null) {
            return List.of();
        }
        assertThat(headers.getNamespaceURI()).isEqualTo(SHIM);
        return headers.elements("header").stream().filter(h -> name.equals(h.attributeValue("name")))
                .map(Element::getText).toList();
    }

    private List<String> discoItems(String node) throws Exception {
        Element query = harness.iq("get", BOB, "<query xmlns='http://jabber.org/protocol/disco#items'"
                + (node == null ? "" : " node='" + node + "'") + "/>").element("query");
        return query.elements("item").stream().map(item -> item.attributeValue("node")).toList();
    }

    @Test
    void theServiceAdvertisesCollectionsButNotMultiCollections_xep0248_disco_support() throws Exception {
        Element query = harness.iq("get", BOB, "<query xmlns='http://jabber.org/protocol/disco#info'/>").element("query");
        List<String> features = query.elements("feature").stream().map(f -> f.attributeValue("var")).toList();
        assertThat(features).contains(Namespaces.PUBSUB + "#collections")
                .doesNotContain(Namespaces.PUBSUB + "#multi-collections");
    }

    @Test
    void theRootListsTopLevelNodesAndACollectionItsChildren_xep0248_root_and_disco_nodes() throws Exception {
        create("news");
        assertThat(discoItems(null)).containsExactly("news");
        create("blogs", "pubsub#node_type", "collection");
        create("princely_musings", "pubsub#collection", "blogs");
        create("kingly_ravings", "pubsub#collection", "blogs");
        assertThat(discoItems(null)).containsExactly("blogs", "news");
        assertThat(discoItems("blogs")).containsExactly("kingly_ravings", "princely_musings");
        Element info = harness.iq("get", BOB, "<query xmlns='http://jabber.org/protocol/disco#info' node='blogs'/>")
                .element("query");
        assertThat(info.element("identity").attributeValue("type")).isEqualTo("collection");
        Element leafInfo = harness.iq("get", BOB,
                "<query xmlns='http://jabber.org/protocol/disco#info' node='kingly_ravings'/>").element("query");
        assertThat(leafInfo.element("identity").attributeValue("type")).isEqualTo("leaf");
        assertThat(SurfaceHarness.formValues(leafInfo.element("x"))).containsEntry("pubsub#collection", "blogs");
    }

    @Test
    void theDefaultsOfACollectionAreAskedWithTypeCollection_xep0248_owner_default() throws Exception {
        Element form = harness.iq("get", ALICE, "<pubsub " + OWNER_NS + "><default type='collection'/></pubsub>")
                .element("pubsub").element("default").element("x");
        assertThat(SurfaceHarness.formValues(form)).containsEntry("pubsub#node_type", "collection")
                .containsKeys("pubsub#collection", "pubsub#children", "pubsub#children_max",
                        "pubsub#children_association_policy", "pubsub#children_association_whitelist");
        Element leaf = harness.iq("get", ALICE, "<pubsub " + OWNER_NS + "><default/></pubsub>")
                .element("pubsub").element("default").element("x");
        assertThat(SurfaceHarness.formValues(leaf)).containsEntry("pubsub#node_type", "leaf");
    }

    @Test
    void itemsOfALeafGoToTheCollectionsSubscribersWithACollectionHeader_xep0248_notify_items() throws Exception {
        create("blogs", "pubsub#node_type", "collection");
        create("princely_musings", "pubsub#collection", "blogs");
        subscribe(BOB, "blogs"); // a plain subscribe: type items, depth 1
        subscribe(BOB, "princely_musings");
        assertResult(publish("princely_musings", "one"));
        List<Element> messages = next(2);
        assertThat(messages).allSatisfy(message -> {
            assertThat(message.attributeValue("to")).isEqualTo(BOB);
            Element items = message.element("event").element("items");
            assertThat(items.attributeValue("node")).as("the leaf, not the collection").isEqualTo("princely_musings");
            assertThat(items.element("item").attributeValue("id")).isEqualTo("one");
        });
        // one per subscription (XEP-0060 §6.1.6): the leaf's without a Collection header, the collection's with one
        assertThat(messages).extracting(message -> headers(message, "Collection"))
                .containsExactlyInAnyOrder(List.of(), List.of("blogs"));
        assertNothingMoreSent();
    }

    @Test
    void retractionsAndPurgesOfALeafGoToTheCollectionsItemsSubscribers_xep0248_subscribe() throws Exception {
        create("blogs", "pubsub#node_type", "collection");
        create("musings", "pubsub#collection", "blogs");
        subscribe(BOB, "blogs");
        assertResult(publish("musings", "one"));
        harness.next(); // the item
        assertResult(harness.iq("set", ALICE, "<pubsub " + PUBSUB_NS + "><retract node='musings' notify='true'>"
                + "<item id='one'/></retract></pubsub>"));
        Element retracted = harness.next();
        assertThat(retracted.element("event").element("items").attributeValue("node")).isEqualTo("musings");
        assertThat(retracted.element("event").element("items").element("retract").attributeValue("id")).isEqualTo("one");
        assertThat(headers(retracted, "Collection")).containsExactly("blogs");
        assertResult(harness.iq("set", ALICE, "<pubsub " + OWNER_NS + "><purge node='musings'/></pubsub>"));
        Element purged = harness.next();
        assertThat(purged.element("event").element("purge").attributeValue("node")).isEqualTo("musings");
        assertThat(headers(purged, "Collection")).containsExactly("blogs");
    }

    @Test
    void nodesSubscribersAreToldOfCreationAssociationAndDissociation_xep0248_notify_associate_dissociate()
            throws Exception {
        create("blogs", "pubsub#node_type", "collection");
        create("old");
        subscribe(BOB, "blogs", "pubsub#subscription_type", "nodes");
        create("new", "pubsub#collection", "blogs");
        Element created = harness.next();
        assertThat(created.element("event").element("create").attributeValue("node")).isEqualTo("new");
        assertThat(headers(created, "Collection")).containsExactly("blogs");
        assertResult(configure("old", "pubsub#collection", "blogs"));
        Element associated = harness.next().element("event").element("collection");
        assertThat(associated.attributeValue("node")).isEqualTo("blogs");
        assertThat(associated.element("associate").attributeValue("node")).isEqualTo("old");
        assertResult(configure("blogs", "pubsub#children", "new"));
        Element dissociated = harness.next().element("event").element("collection");
        assertThat(dissociated.element("dissociate").attributeValue("node")).isEqualTo("old");
        assertResult(publish("new", "x"));
        assertNothingMoreSent(); // a nodes subscription gets no items
    }

    @Test
    void aConfigurationThatMakesACycleIsRefused_xep0248_error_collection_cycle() throws Exception {
        create("a", "pubsub#node_type", "collection");
        create("b", "pubsub#node_type", "collection", "pubsub#collection", "a");
        assertError(configure("a", "pubsub#collection", "b"), "cancel", "not-allowed", "invalid-options");
    }

    @Test
    void aLeafWithChildrenIsRefused_xep0248_error_children_on_leaf() throws Exception {
        create("leaf");
        assertError(createRequest("child", "pubsub#collection", "leaf"), "cancel", "not-allowed", "invalid-options");
    }

    @Test
    void tooManyChildrenIsMaxNodesExceeded_xep0248_error_max_children() throws Exception {
        create("blogs", "pubsub#node_type", "collection", "pubsub#children_max", "1");
        create("one", "pubsub#collection", "blogs");
        assertError(createRequest("two", "pubsub#collection", "blogs"), "cancel", "not-allowed",
                "max-nodes-exceeded");
    }

    @Test
    void aCollectionDoesNotBecomeALeaf_xep0248_error_node_type() throws Exception {
        create("blogs", "pubsub#node_type", "collection");
        assertError(configure("blogs", "pubsub#node_type", "leaf"), "cancel", "not-allowed", "invalid-options");
    }

    @Test
    void associatingWithAnotherOwnersCollectionIsForbidden_xep0248_error_config_not_authorized() throws Exception {
        create("blogs", "pubsub#node_type", "collection");
        Element refused = harness.iq("set", BOB, "<pubsub " + PUBSUB_NS + "><create node='bobs'/><configure>"
                + SurfaceHarness.submittedForm(NODE_CONFIG, "pubsub#collection", "blogs") + "</configure></pubsub>");
        assertError(refused, "auth", "forbidden", null);
    }

    private Element collectionRequest(String from, String collection, String change, String child) throws Exception {
        return harness.iq("set", from, "<pubsub " + OWNER_NS + "><collection node='" + collection + "'><" + change
                + " node='" + child + "'/></collection></pubsub>");
    }

    @Test
    void aNodeIsAssociatedAndDissociatedWithACollectionElement_xep0248_associate_node() throws Exception {
        create("blogs", "pubsub#node_type", "collection");
        create("musings");
        assertResult(collectionRequest(ALICE, "blogs", "associate", "musings"));
        assertThat(discoItems("blogs")).containsExactly("musings");
        assertResult(collectionRequest(ALICE, "blogs", "dissociate", "musings"));
        assertThat(discoItems("blogs")).isEmpty();
        assertError(collectionRequest(ALICE, "blogs", "dissociate", "musings"), "modify", "bad-request", null);
        assertError(collectionRequest(BOB, "blogs", "associate", "musings"), "auth", "forbidden", null);
    }

    @Test
    void theRootIsNotDeleted_xep0248_delete_root_node() throws Exception {
        assertError(harness.iq("set", ALICE, "<pubsub " + OWNER_NS + "><delete/></pubsub>"), "cancel", "not-allowed",
                null);
    }

    @Test
    void deletingACollectionLeavesItsChildrenBelowTheRoot_xep0248_imple_delete() throws Exception {
        create("blogs", "pubsub#node_type", "collection");
        create("musings", "pubsub#collection", "blogs");
        assertResult(harness.iq("set", ALICE, "<pubsub " + OWNER_NS + "><delete node='blogs'/></pubsub>"));
        assertThat(discoItems(null)).containsExactly("musings");
    }

    @Test
    void publishingToACollectionIsUnsupported_xep0060_7_1_3_2() throws Exception {
        create("blogs", "pubsub#node_type", "collection");
        Element refused = publish("blogs", "x");
        assertError(refused, "cancel", "feature-not-implemented", "unsupported");
        assertThat(refused.element("error").element("unsupported").attributeValue("feature")).isEqualTo("publish");
    }

    @Test
    void itemsOfACollectionComeAsOneItemsElementPerLeaf_xep0248_retrieve_items() throws Exception {
        create("blogs", "pubsub#node_type", "collection");
        create("romeoance", "pubsub#collection", "blogs");
        create("julliennui", "pubsub#collection", "blogs");
        create("closed", "pubsub#collection", "blogs", "pubsub#access_model", "whitelist");
        assertResult(publish("romeoance", "r1"));
        assertResult(publish("julliennui", "j1"));
        assertResult(publish("closed", "c1"));
        Element pubsub = harness.iq("get", BOB, "<pubsub " + PUBSUB_NS + "><items node='blogs'/></pubsub>")
                .element("pubsub");
        assertThat(pubsub.elements("items")).extracting(items -> items.attributeValue("node"))
                .containsExactly("julliennui", "romeoance"); // not the leaf Bob may not read (§security-access)
        assertThat(pubsub.elements("items").get(1).element("item").attributeValue("id")).isEqualTo("r1");
    }

    @Test
    void theCollectionOptionsAreOfferedOnCollectionsOnly_xep0248_registrar_formtypes_subscribe() throws Exception {
        create("blogs", "pubsub#node_type", "collection");
        create("leaf");
        List<String> onCollection = optionVars("blogs");
        assertThat(onCollection).contains("pubsub#subscription_type", "pubsub#subscription_depth");
        assertThat(optionVars("leaf")).doesNotContain("pubsub#subscription_type", "pubsub#subscription_depth");
    }

    private List<String> optionVars(String node) throws Exception {
        Element form = harness.iq("get", BOB, "<pubsub " + PUBSUB_NS + "><default node='" + node + "'/></pubsub>")
                .element("pubsub").element("default").element("x");
        return form.elements("field").stream().map(f -> f.attributeValue("var")).toList();
    }
}
