package org.pubsubserver.xmpp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.dom4j.Element;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pubsubserver.xmpp.stanza.Namespaces;

/** The component's XMPP surface, stanza in, stanza out, over a real engine and store. */
class XmppSurfaceTest {
    private static final String SERVICE = "pubsub.localhost";
    private static final String ALICE = "alice@localhost/desk";
    private static final String BOB = "bob@localhost/phone";
    private static final String CAROL = "carol@localhost/tablet";
    private static final String PUBSUB_NS = "xmlns='" + Namespaces.PUBSUB + "'";

    private SurfaceHarness harness;
    private BlockingQueue<String> sent;

    @BeforeEach
    void start() {
        harness = new SurfaceHarness();
        sent = harness.sent;
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    private void deliver(Element stanza) throws Exception {
        harness.deliver(stanza);
    }

    private static Element parse(String xml) throws Exception {
        return SurfaceHarness.parse(xml);
    }

    private Element iq(String type, String from, String child) throws Exception {
        return harness.iq(type, from, child);
    }

    private static void assertResult(Element iq) {
        SurfaceHarness.assertResult(iq);
    }

    private static void assertError(Element iq, String type, String condition, String pubsubCondition) {
        SurfaceHarness.assertError(iq, type, condition, pubsubCondition);
    }

    private void create(String node) throws Exception {
        assertResult(iq("set", ALICE, "<pubsub " + PUBSUB_NS + "><create node='" + node + "'/></pubsub>"));
    }

    @Test
    void serviceDiscoInfoHasPubSubServiceIdentityAndExactlyTheWorkingFeatures_5_1() throws Exception {
        Element reply = iq("get", BOB, "<query xmlns='" + Namespaces.DISCO_INFO + "'/>");
        assertResult(reply);
        Element query = reply.element("query");
        Element identity = query.element("identity");
        assertThat(identity.attributeValue("category")).isEqualTo("pubsub");
        assertThat(identity.attributeValue("type")).isEqualTo("service");
        List<String> features = new ArrayList<>();
        for (Element feature : query.elements("feature")) {
            features.add(feature.attributeValue("var"));
        }
        String p = Namespaces.PUBSUB + "#";
        assertThat(features).containsExactlyInAnyOrder(Namespaces.DISCO_INFO, Namespaces.DISCO_ITEMS,
                Namespaces.PUBSUB, Namespaces.PING, Namespaces.VERSION, Namespaces.RSM,
                Namespaces.MAM, Namespaces.MAM_EXTENDED, // XEP-0442: the nodes' archives
                p + "create-nodes", p + "instant-nodes", p + "publish", p + "item-ids", p + "persistent-items",
                p + "retrieve-items", p + "subscribe", p + "access-open", p + "delete-nodes",
                p + "delete-items", p + "retract-items", p + "retrieve-subscriptions", p + "retrieve-affiliations",
                p + "meta-data", p + "rsm", p + "create-and-configure", p + "multi-items", p + "auto-create",
                p + "publish-options", p + "publish-node-full", p + "last-published", p + "subscription-options",
                p + "retrieve-default-sub", p + "multi-subscribe", p + "leased-subscription", p + "presence-notifications",
                p + "config-node", p + "retrieve-default", p + "purge-nodes",
                // §8.6-§8.9 and the access models of §4.5
                "http://jabber.org/protocol/commands", p + "get-pending", p + "subscription-notifications",
                p + "manage-subscriptions", p + "modify-affiliations", p + "member-affiliation",
                p + "outcast-affiliation", p + "publisher-affiliation", p + "publish-only-affiliation",
                p + "access-authorize", p + "access-whitelist",
                // XEP-0248 §disco-support (one collection per node: no multi-collections)
                p + "collections");
    }

    @Test
    void createSubscribePublishAndTheSubscriberGetsTheNotification_7_1_2_1() throws Exception {
        create("princely_musings");
        Element subscribed = iq("set", BOB,
                "<pubsub " + PUBSUB_NS + "><subscribe node='princely_musings' jid='" + BOB + "'/></pubsub>");
        assertResult(subscribed);
        Element subscription = subscribed.element("pubsub").element("subscription");
        assertThat(subscription.attributeValue("node")).isEqualTo("princely_musings");
        assertThat(subscription.attributeValue("jid")).isEqualTo(BOB);
        assertThat(subscription.attributeValue("subscription")).isEqualTo("subscribed");
        assertThat(subscription.attributeValue("subid")).isNotBlank();

        Element published = iq("set", ALICE, "<pubsub " + PUBSUB_NS + "><publish node='princely_musings'>"
                + "<item id='ae890ac52d0df67ed7cfdf51b644e901'><entry xmlns='http://www.w3.org/2005/Atom'>"
                + "<title>Soliloquy</title></entry></item></publish></pubsub>");
        assertResult(published);
        Element publish = published.element("pubsub").element("publish");
        assertThat(publish.attributeValue("node")).isEqualTo("princely_musings");
        assertThat(publish.element("item").attributeValue("id")).isEqualTo("ae890ac52d0df67ed7cfdf51b644e901");

        Element message = parse(sent.poll(5, TimeUnit.SECONDS));
        assertThat(message.getName()).isEqualTo("message");
        assertThat(message.attributeValue("from")).isEqualTo(SERVICE);
        assertThat(message.attributeValue("to")).isEqualTo(BOB);
        Element event = message.element("event");
        assertThat(event.getNamespaceURI()).isEqualTo(Namespaces.PUBSUB_EVENT);
        Element items = event.element("items");
        assertThat(items.attributeValue("node")).isEqualTo("princely_musings");
        Element item = items.element("item");
        assertThat(item.attributeValue("id")).isEqualTo("ae890ac52d0df67ed7cfdf51b644e901");
        Element entry = item.element("entry");
        assertThat(entry.getNamespaceURI()).isEqualTo("http://www.w3.org/2005/Atom");
        assertThat(entry.elementText("title")).isEqualTo("Soliloquy");
        assertThat(sent).isEmpty();
    }

    @Test
    void aNewSubscriberGetsTheLastPublishedItemStampedAsDelayed_6_1_7() throws Exception {
        create("news");
        publishItem("news", "first");
        publishItem("news", "last");
        assertResult(iq("set", BOB, "<pubsub " + PUBSUB_NS + "><subscribe node='news' jid='" + BOB + "'/></pubsub>"));
        Element message = parse(sent.poll(5, TimeUnit.SECONDS));
        assertThat(message.getName()).isEqualTo("message");
        assertThat(message.attributeValue("to")).isEqualTo(BOB);
        assertThat(message.element("event").element("items").elements("item")).extracting(i -> i.attributeValue("id"))
                .containsExactly("last");
        Element delay = message.element("delay");
        assertThat(delay.getNamespaceURI()).isEqualTo("urn:xmpp:delay");
        assertThat(java.time.Instant.parse(delay.attributeValue("stamp"))).isBeforeOrEqualTo(java.time.Instant.now());
    }

    @Test
    void onSubAndPresenceSendsTheLastItemWhenASubscriberComesOnline_17_4_4() throws Exception {
        assertResult(iq("set", ALICE, "<pubsub " + PUBSUB_NS + "><create node='status'/><configure>"
                + form(NODE_CONFIG, "pubsub#send_last_published_item", "on_sub_and_presence") + "</configure></pubsub>"));
        assertResult(iq("set", BOB, "<pubsub " + PUBSUB_NS + "><subscribe node='status' jid='bob@localhost'/></pubsub>"));
        publishItem("status", "latest");
        Element notification = parse(sent.poll(5, TimeUnit.SECONDS));
        assertThat(notification.element("delay")).isNull();
        deliver(parse("<presence from='bob@localhost/tablet' to='" + SERVICE + "'/>"));
        Element last = parse(sent.poll(5, TimeUnit.SECONDS));
        assertThat(last.attributeValue("to")).isEqualTo("bob@localhost/tablet");
        assertThat(last.element("event").element("items").element("item").attributeValue("id")).isEqualTo("latest");
        assertThat(last.element("delay").getNamespaceURI()).isEqualTo("urn:xmpp:delay");
        deliver(parse("<presence from='bob@localhost/tablet' to='" + SERVICE + "'><show>away</show></presence>"));
        assertResult(iq("get", BOB, "<ping xmlns='" + Namespaces.PING + "'/>"));
        assertThat(sent).as("only on coming online, not on every presence change").isEmpty();
    }

    @Test
    void publishWithoutItemIdGetsOneFromTheService_7_1_2() throws Exception {
        create("news");
        Element published = iq("set", ALICE,
                "<pubsub " + PUBSUB_NS + "><publish node='news'><item><x xmlns='urn:t'/></item></publish></pubsub>");
        assertResult(published);
        assertThat(published.element("pubsub").element("publish").element("item").attributeValue("id")).isNotBlank();
    }

    @Test
    void instantNodeResultNamesTheNode_8_1_2() throws Exception {
        Element reply = iq("set", ALICE, "<pubsub " + PUBSUB_NS + "><create/></pubsub>");
        assertResult(reply);
        String node = reply.element("pubsub").element("create").attributeValue("node");
        assertThat(node).isNotBlank();
        Element info = iq("get", BOB, "<query xmlns='" + Namespaces.DISCO_INFO + "' node='" + node + "'/>");
        assertResult(info);
    }

    @Test
    void retrieveNewestItemsWithTheirPayloads_6_5_7() throws Exception {
        create("news");
        for (String id : List.of("a", "b", "c")) {
            assertResult(iq("set", ALICE, "<pubsub " + PUBSUB_NS + "><publish node='news'><item id='" + id
                    + "'><x xmlns='urn:t'>" + id + "</x></item></publish></pubsub>"));
        }
        Element reply = iq("get", BOB, "<pubsub " + PUBSUB_NS + "><items node='news' max_items='2'/></pubsub>");
        assertResult(reply);
        List<Element> items = reply.element("pubsub").element("items").elements("item");
        assertThat(items).extracting(i -> i.attributeValue("id")).containsExactly("b", "c");
        assertThat(items.get(1).element("x").getText()).isEqualTo("c");
        assertThat(items.get(1).element("x").getNamespaceURI()).isEqualTo("urn:t");
    }

    @Test
    void nodeDiscoInfoIsALeafAndDiscoItemsListsNodesAndItemIds_5_2_5_3_5_5() throws Exception {
        create("news");
        assertResult(iq("set", ALICE, "<pubsub " + PUBSUB_NS + "><publish node='news'><item id='i1'>"
                + "<x xmlns='urn:t'/></item></publish></pubsub>"));
        Element info = iq("get", BOB, "<query xmlns='" + Namespaces.DISCO_INFO + "' node='news'/>");
        assertThat(info.element("query").element("identity").attributeValue("type")).isEqualTo("leaf");
        Element nodes = iq("get", BOB, "<query xmlns='" + Namespaces.DISCO_ITEMS + "'/>");
        assertThat(nodes.element("query").elements("item")).extracting(i -> i.attributeValue("node"))
                .containsExactly("news");
        Element itemIds = iq("get", BOB, "<query xmlns='" + Namespaces.DISCO_ITEMS + "' node='news'/>");
        assertThat(itemIds.element("query").elements("item")).extracting(i -> i.attributeValue("name"))
                .containsExactly("i1");
    }

    private static final String RSM = "xmlns='http://jabber.org/protocol/rsm'";

    @Test
    void resultSetManagementPagesThroughEveryItemOnce_6_5_4_and_XEP0059_2_2() throws Exception {
        create("news");
        for (int i = 0; i < 7; i++) {
            publishItem("news", "i" + i);
        }
        List<String> seen = new ArrayList<>();
        String after = null;
        while (true) {
            String set = "<set " + RSM + "><max>3</max>" + (after == null ? "" : "<after>" + after + "</after>") + "</set>";
            Element pubsub = iq("get", BOB, "<pubsub " + PUBSUB_NS + "><items node='news'/>" + set + "</pubsub>")
                    .element("pubsub");
            List<Element> items = pubsub.element("items").elements("item");
            Element resultSet = pubsub.element("set");
            assertThat(resultSet.getNamespaceURI()).isEqualTo("http://jabber.org/protocol/rsm");
            assertThat(resultSet.elementText("count")).isEqualTo("7");
            if (items.isEmpty()) {
                assertThat(resultSet.element("first")).isNull();
                break;
            }
            assertThat(resultSet.element("first").attributeValue("index")).isEqualTo(Integer.toString(seen.size()));
            assertThat(resultSet.elementText("first")).isEqualTo(items.get(0).attributeValue("id"));
            after = resultSet.elementText("last");
            assertThat(after).isEqualTo(items.get(items.size() - 1).attributeValue("id"));
            items.forEach(item -> seen.add(item.attributeValue("id")));
        }
        assertThat(seen).containsExactly("i0", "i1", "i2", "i3", "i4", "i5", "i6");

        Element lastPage = iq("get", BOB, "<pubsub " + PUBSUB_NS + "><items node='news'/><set " + RSM
                + "><max>2</max><before/></set></pubsub>").element("pubsub");
        assertThat(lastPage.element("items").elements("item")).extracting(i -> i.attributeValue("id"))
                .containsExactly("i5", "i6");
        assertThat(lastPage.element("set").element("first").attributeValue("index")).isEqualTo("5");
    }

    @Test
    void resultSetErrorsAndCount_XEP0059_2_4_2_7() throws Exception {
        create("news");
        publishItem("news", "a");
        assertError(iq("get", BOB, "<pubsub " + PUBSUB_NS + "><items node='news'/><set " + RSM
                + "><after>gone</after></set></pubsub>"), "cancel", "item-not-found", null);
        assertError(iq("get", BOB, "<pubsub " + PUBSUB_NS + "><items node='news'/><set " + RSM
                + "><max>-1</max></set></pubsub>"), "modify", "bad-request", null);
        Element count = iq("get", BOB, "<pubsub " + PUBSUB_NS + "><items node='news'/><set " + RSM
                + "><max>0</max></set></pubsub>").element("pubsub");
        assertThat(count.element("items").elements()).isEmpty();
        assertThat(count.element("set").elementText("count")).isEqualTo("1");
    }

    @Test
    void nodeDiscoInfoCarriesTheMetaDataForm_5_4() throws Exception {
        create("princely_musings");
        assertResult(iq("set", BOB, "<pubsub " + PUBSUB_NS + "><subscribe node='princely_musings' jid='" + BOB
                + "'/></pubsub>"));
        Element query = iq("get", BOB, "<query xmlns='" + Namespaces.DISCO_INFO + "' node='princely_musings'/>")
                .element("query");
        Element form = query.element("x");
        assertThat(form.getNamespaceURI()).isEqualTo("jabber:x:data");
        assertThat(form.attributeValue("type")).isEqualTo("result");
        java.util.Map<String, List<String>> fields = new java.util.HashMap<>();
        for (Element field : form.elements("field")) {
            fields.put(field.attributeValue("var"), field.elements("value").stream().map(Element::getText).toList());
        }
        assertThat(fields.get("FORM_TYPE")).containsExactly("http://jabber.org/protocol/pubsub#meta-data");
        assertThat(fields.get("pubsub#creator")).containsExactly("alice@localhost");
        assertThat(fields.get("pubsub#owner")).containsExactly("alice@localhost");
        assertThat(fields.get("pubsub#access_model")).containsExactly("open");
        assertThat(fields.get("pubsub#publish_model")).containsExactly("publishers");
        assertThat(fields.get("pubsub#num_subscribers")).containsExactly("1");
        assertThat(fields.get("pubsub#creation_date").get(0)).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
    }

    @Test
    void unknownNodeIsItemNotFound_6_1_3_12_and_5_3() throws Exception {
        assertError(iq("set", BOB, "<pubsub " + PUBSUB_NS + "><subscribe node='nope' jid='" + BOB + "'/></pubsub>"),
                "cancel", "item-not-found", null);
        assertError(iq("get", BOB, "<query xmlns='" + Namespaces.DISCO_INFO + "' node='nope'/>"),
                "cancel", "item-not-found", null);
    }

    @Test
    void subscribingSomeoneElseIsInvalidJid_6_1_3_1() throws Exception {
        create("news");
        assertError(iq("set", BOB, "<pubsub " + PUBSUB_NS + "><subscribe node='news' jid='" + ALICE + "'/></pubsub>"),
                "modify", "bad-request", "invalid-jid");
    }

    @Test
    void publishWithoutNodeIsNodeIdRequired_7_1_3() throws Exception {
        assertError(iq("set", ALICE, "<pubsub " + PUBSUB_NS + "><publish><item/></publish></pubsub>"),
                "modify", "bad-request", "nodeid-required");
    }

    @Test
    void publishByANonPublisherIsForbidden_7_1_3_1() throws Exception {
        create("news");
        assertError(iq("set", BOB, "<pubsub " + PUBSUB_NS + "><publish node='news'><item><x xmlns='urn:t'/></item>"
                + "</publish></pubsub>"), "auth", "forbidden", null);
    }

    @Test
    void anItemWithoutPayloadIsPayloadRequired_7_1_3_7() throws Exception {
        create("news");
        assertError(iq("set", ALICE, "<pubsub " + PUBSUB_NS + "><publish node='news'><item id='x'/></publish></pubsub>"),
                "modify", "bad-request", "payload-required");
    }

    @Test
    void aWrongSubIdIsInvalidSubId_6_2_3_5() throws Exception {
        create("news");
        assertResult(iq("set", BOB, "<pubsub " + PUBSUB_NS + "><subscribe node='news' jid='" + BOB + "'/></pubsub>"));
        assertError(iq("set", BOB, "<pubsub " + PUBSUB_NS + "><unsubscribe node='news' jid='" + BOB
                + "' subid='nope'/></pubsub>"), "modify", "not-acceptable", "invalid-subid");
    }

    @Test
    void aNodeNameLongerThanTheServiceKeepsIsNotAcceptable() throws Exception {
        String longName = "n".repeat(1025);
        assertError(iq("set", ALICE, "<pubsub " + PUBSUB_NS + "><create node='" + longName + "'/></pubsub>"),
                "modify", "not-acceptable", null);
        assertError(iq("get", ALICE, "<pubsub " + PUBSUB_NS + "><items node='" + longName + "'/></pubsub>"),
                "modify", "not-acceptable", null);
    }

    @Test
    void anIqOfUnknownTypeIsBadRequest_RFC6120_8_2_3() throws Exception {
        deliver(parse("<iq type='fetch' id='t1' from='" + BOB + "' to='" + SERVICE + "'><ping xmlns='"
                + Namespaces.PING + "'/></iq>"));
        Element reply = parse(sent.poll(5, TimeUnit.SECONDS));
        assertThat(reply.attributeValue("id")).isEqualTo("t1");
        assertError(reply, "modify", "bad-request", null);
    }

    @Test
    void aSetForAGetOnlyQueryIsBadRequest() throws Exception {
        assertError(iq("set", BOB, "<query xmlns='" + Namespaces.VERSION + "'/>"), "modify", "bad-request", null);
    }

    private static String form(String formType, String... fieldsAndValues) {
        return SurfaceHarness.submittedForm(formType, fieldsAndValues);
    }

    private static final String NODE_CONFIG = "http://jabber.org/protocol/pubsub#node_config";
    private static final String PUBLISH_OPTIONS = "http://jabber.org/protocol/pubsub#publish-options";

    @Test
    void createAndConfigureAppliesTheForm_8_1_3() throws Exception {
        assertResult(iq("set", ALICE, "<pubsub " + PUBSUB_NS + "><create node='configured'/><configure>"
                + form(NODE_CONFIG, "pubsub#title", "Princely Musings (Atom)", "pubsub#max_items", "5") + "</configure></pubsub>"));
        Element metadata = iq("get", BOB, "<query xmlns='" + Namespaces.DISCO_INFO + "' node='configured'/>")
                .element("query").element("x");
        java.util.Map<String, String> fields = new java.util.HashMap<>();
        metadata.elements("field").forEach(f -> fields.put(f.attributeValue("var"), f.elementText("value")));
        assertThat(fields).containsEntry("pubsub#title", "Princely Musings (Atom)").containsEntry("pubsub#max_items", "5");
        assertError(iq("set", ALICE, "<pubsub " + PUBSUB_NS + "><create node='bad'/><configure>"
                + form(NODE_CONFIG, "pubsub#max_items", "many") + "</configure></pubsub>"), "modify", "not-acceptable", null);
        assertError(iq("set", ALICE, "<pubsub " + PUBSUB_NS + "><create node='bad'/><configure>"
                + form("urn:other", "pubsub#max_items", "1") + "</configure></pubsub>"), "modify", "bad-request", null);
    }

    @Test
    void publishOptionsPreconditions_7_1_5() throws Exception {
        create("news");
        assertResult(iq("set", ALICE, "<pubsub " + PUBSUB_NS + "><publish node='news'><item id='a'><x xmlns='urn:t'/></item>"
                + "</publish><publish-options>" + form(PUBLISH_OPTIONS, "pubsub#access_model", "open")
                + "</publish-options></pubsub>"));
        assertError(iq("set", ALICE, "<pubsub " + PUBSUB_NS + "><publish node='news'><item id='b'><x xmlns='urn:t'/></item>"
                + "</publish><publish-options>" + form(PUBLISH_OPTIONS, "pubsub#max_items", "1")
                + "</publish-options></pubsub>"), "cancel", "conflict", "precondition-not-met");
    }

    @Test
    void publishingToAMissingNodeCreatesIt_7_1_4() throws Exception {
        assertResult(iq("set", BOB, "<pubsub " + PUBSUB_NS + "><publish node='bobs'><item id='a'><x xmlns='urn:t'/></item>"
                + "</publish></pubsub>"));
        Element affiliations = iq("get", BOB, "<pubsub " + PUBSUB_NS + "><affiliations node='bobs'/></pubsub>");
        assertThat(affiliations.element("pubsub").element("affiliations").element("affiliation").attributeValue("affiliation"))
                .isEqualTo("owner");
    }

    private static final String SUBSCRIBE_OPTIONS = "http://jabber.org/protocol/pubsub#subscribe_options";

    private static java.util.Map<String, String> formValues(Element form) {
        return SurfaceHarness.formValues(form);
    }

    @Test
    void subscriptionOptionsAreAFormThatCanBeSubmitted_6_3_2_and_6_3_5() throws Exception {
        create("news");
        assertResult(iq("set", BOB, "<pubsub " + PUBSUB_NS + "><subscribe node='news' jid='" + BOB + "'/></pubsub>"));
        Element options = iq("get", BOB, "<pubsub " + PUBSUB_NS + "><options node='news' jid='" + BOB + "'/></pubsub>")
                .element("pubsub").element("options");
        assertThat(options.attributeValue("node")).isEqualTo("news");
        assertThat(options.attributeValue("jid")).isEqualTo(BOB);
        Element form = options.element("x");
        assertThat(form.attributeValue("type")).isEqualTo("form");
        assertThat(formValues(form)).containsEntry("FORM_TYPE", SUBSCRIBE_OPTIONS).containsEntry("pubsub#deliver", "true")
                .containsKeys("pubsub#expire", "pubsub#show-values")
                .as("include_body is not offered where no body can be rendered (13.8)").doesNotContainKey("pubsub#include_body");
        assertThat(form.elements("field")).filteredOn(f -> "pubsub#deliver".equals(f.attributeValue("var")))
                .singleElement().satisfies(f -> assertThat(f.attributeValue("type")).isEqualTo("boolean"));
        assertResult(iq("set", BOB, "<pubsub " + PUBSUB_NS + "><options node='news' jid='" + BOB + "'>"
                + form(SUBSCRIBE_OPTIONS, "pubsub#deliver", "0") + "</options></pubsub>"));
        Element after = iq("get", BOB, "<pubsub " + PUBSUB_NS + "><options node='news' jid='" + BOB + "'/></pubsub>");
        assertThat(formValues(after.element("pubsub").element("options").element("x")))
                .containsEntry("pubsub#deliver", "false");
        // deliver off: publishing sends bob nothing
        publishItem("news", "quiet");
        assertResult(iq("get", BOB, "<ping xmlns='" + Namespaces.PING + "'/>"));
        assertThat(sent).isEmpty();
    }

    @Test
    void subscriptionOptionsErrors_6_3_4() throws Exception {
        create("news");
        assertError(iq("get", BOB, "<pubsub " + PUBSUB_NS + "><options node='news'/></pubsub>"),
                "modify", "bad-request", "jid-required");
        assertError(iq("get", BOB, "<pubsub " + PUBSUB_NS + "><options node='news' jid='" + BOB + "'/></pubsub>"),
                "modify", "unexpected-request", "not-subscribed");
        assertError(iq("get", BOB, "<pubsub " + PUBSUB_NS + "><options node='news' jid='" + ALICE + "'/></pubsub>"),
                "auth", "forbidden", null);
        assertError(iq("get", BOB, "<pubsub " + PUBSUB_NS + "><options node='nope' jid='" + BOB + "'/></pubsub>"),
                "cancel", "item-not-found", null);
        assertResult(iq("set", BOB, "<pubsub " + PUBSUB_NS + "><subscribe node='news' jid='" + BOB + "'/></pubsub>"));
        assertError(iq("set", BOB, "<pubsub " + PUBSUB_NS + "><options node='news' jid='" + BOB + "'>"
                + form(SUBSCRIBE_OPTIONS, "pubsub#digest_frequency", "-5") + "</options></pubsub>"), "modify", "bad-request", "invalid-options");
    }

    @Test
    void subscribeAndConfigureReturnsTheOptionsAndASecondSubId_6_3_7() throws Exception {
        assertResult(iq("set", ALICE, "<pubsub " + PUBSUB_NS + "><create node='news'/><configure>"
                + form(NODE_CONFIG, "pubsub#type", "http://www.w3.org/2005/Atom") + "</configure></pubsub>"));
        Element first = iq("set", BOB, "<pubsub " + PUBSUB_NS + "><subscribe node='news' jid='" + BOB + "'/></pubsub>");
        Element second = iq("set", BOB, "<pubsub " + PUBSUB_NS + "><subscribe node='news' jid='" + BOB + "'/><options>"
                + form(SUBSCRIBE_OPTIONS, "pubsub#include_body", "true") + "</options></pubsub>");
        assertResult(second);
        Element pubsub = second.element("pubsub");
        assertThat(pubsub.element("subscription").attributeValue("subid"))
                .isNotEqualTo(first.element("pubsub").element("subscription").attributeValue("subid"));
        assertThat(formValues(pubsub.element("options").element("x"))).containsEntry("pubsub#include_body", "true");
        // two subscriptions: one notification with both SubIDs (7.1.2.4) and, for include_body, a body
        assertResult(iq("set", ALICE, "<pubsub " + PUBSUB_NS + "><publish node='news'><item id='e1'>"
                + "<entry xmlns='http://www.w3.org/2005/Atom'><title>Soliloquy</title><summary>To be, or not to be</summary>"
                + "</entry></item></publish></pubsub>"));
        Element message = parse(sent.poll(5, TimeUnit.SECONDS));
        assertThat(message.elementText("body")).isEqualTo("To be, or not to be");
        assertThat(message.element("headers").elements("header")).hasSize(2);
        assertThat(sent).isEmpty();
        Element deliverOnly = iq("set", CAROL, "<pubsub " + PUBSUB_NS + "><subscribe node='news' jid='" + CAROL + "'/><options>"
                + form(SUBSCRIBE_OPTIONS, "pubsub#deliver", "1") + "</options></pubsub>");
        assertThat(formValues(deliverOnly.element("pubsub").element("options").element("x")))
                .as("an Atom node offers include_body even to a subscriber that left it off")
                .containsEntry("pubsub#include_body", "false");
        sent.poll(5, TimeUnit.SECONDS); // carol's last published item (on_sub_and_presence)
    }

    @Test
    void optionsAndConfigureFollowingTheirActionNameNoNode_6_3_7_and_8_1_3() throws Exception {
        create("news");
        assertError(iq("set", BOB, "<pubsub " + PUBSUB_NS + "><subscribe node='news' jid='" + BOB + "'/>"
                + "<options node='news'>" + form(SUBSCRIBE_OPTIONS, "pubsub#deliver", "1") + "</options></pubsub>"),
                "modify", "bad-request", null);
        assertError(iq("set", ALICE, "<pubsub " + PUBSUB_NS + "><create node='other'/><configure node='other'>"
                + form(NODE_CONFIG, "pubsub#title", "x") + "</configure></pubsub>"), "modify", "bad-request", null);
    }

    @Test
    void itemreplyPublisherNamesThePublisherOnRetrievalToo_7_1_2_3() throws Exception {
        assertResult(iq("set", ALICE, "<pubsub " + PUBSUB_NS + "><create node='replies'/><configure>"
                + form(NODE_CONFIG, "pubsub#itemreply", "publisher") + "</configure></pubsub>"));
        publishItem("replies", "a");
        Element item = iq("get", BOB, "<pubsub " + PUBSUB_NS + "><items node='replies'/></pubsub>")
                .element("pubsub").element("items").element("item");
        assertThat(item.attributeValue("publisher")).isEqualTo(ALICE);
    }

    @Test
    void anAccessModelTheServiceDoesNotSupportIsUnsupportedAccessModel_8_1_2() throws Exception {
        assertError(iq("set", ALICE, "<pubsub " + PUBSUB_NS + "><create node='wl'/><configure>"
                + form(NODE_CONFIG, "pubsub#access_model", "presence") + "</configure></pubsub>"),
                "modify", "not-acceptable", "unsupported-access-model");
    }

    @Test
    void aDigestSubscriptionGetsTheItemsOfItsWindowInOneMessage_17_4_2() throws Exception {
        create("news");
        assertResult(iq("set", BOB, "<pubsub " + PUBSUB_NS + "><subscribe node='news' jid='" + BOB + "'/><options>"
                + form(SUBSCRIBE_OPTIONS, "pubsub#digest", "1", "pubsub#digest_frequency", "400") + "</options></pubsub>"));
        publishItem("news", "a");
        publishItem("news", "b");
        assertThat(sent).as("nothing before the digest is due").isEmpty();
        Element digest = parse(sent.poll(5, TimeUnit.SECONDS));
        assertThat(digest.attributeValue("to")).isEqualTo(BOB);
        assertThat(digest.element("event").element("items").elements("item")).extracting(i -> i.attributeValue("id"))
                .containsExactly("a", "b");
        assertThat(sent.poll(600, TimeUnit.MILLISECONDS)).isNull();
    }

    private static final String OWNER_NS = "xmlns='" + Namespaces.PUBSUB_OWNER + "'";

    @Test
    void anOwnerGetsAndSubmitsTheConfigurationForm_8_2() throws Exception {
        create("news");
        Element configure = iq("get", ALICE, "<pubsub " + OWNER_NS + "><configure node='news'/></pubsub>")
                .element("pubsub").element("configure");
        assertThat(configure.attributeValue("node")).isEqualTo("news");
        Element form = configure.element("x");
        assertThat(form.attributeValue("type")).isEqualTo("form");
        assertThat(formValues(form)).containsEntry("FORM_TYPE", NODE_CONFIG).containsEntry("pubsub#max_items", "100")
                .containsEntry("pubsub#access_model", "open");
        assertThat(form.elements("field")).filteredOn(f -> "pubsub#access_model".equals(f.attributeValue("var")))
                .singleElement().satisfies(f -> {
                    assertThat(f.attributeValue("type")).isEqualTo("list-single");
                    assertThat(f.elements("option")).isNotEmpty();
                });
        assertResult(iq("set", ALICE, "<pubsub " + OWNER_NS + "><configure node='news'>"
                + form(NODE_CONFIG, "pubsub#max_items", "7") + "</configure></pubsub>"));
        assertResult(iq("set", ALICE, "<pubsub " + OWNER_NS + "><configure node='news'>"
                + "<x xmlns='jabber:x:data' type='cancel'/></configure></pubsub>"));
        Element after = iq("get", ALICE, "<pubsub " + OWNER_NS + "><configure node='news'/></pubsub>");
        assertThat(formValues(after.element("pubsub").element("configure").element("x")))
                .containsEntry("pubsub#max_items", "7");
        assertError(iq("get", BOB, "<pubsub " + OWNER_NS + "><configure node='news'/></pubsub>"), "auth", "forbidden", null);
        assertError(iq("get", ALICE, "<pubsub " + OWNER_NS + "><configure/></pubsub>"),
                "modify", "bad-request", "nodeid-required");
    }

    @Test
    void theDefaultNodeConfiguration_8_3() throws Exception {
        Element defaults = iq("get", BOB, "<pubsub " + OWNER_NS + "><default/></pubsub>").element("pubsub").element("default");
        assertThat(formValues(defaults.element("x"))).containsEntry("FORM_TYPE", NODE_CONFIG)
                .containsEntry("pubsub#publish_model", "publishers");
    }

    @Test
    void purgeRemovesAllItemsAndTellsSubscribers_8_5_2() throws Exception {
        create("news");
        assertResult(iq("set", BOB, "<pubsub " + PUBSUB_NS + "><subscribe node='news' jid='" + BOB + "'/></pubsub>"));
        publishItem("news", "a");
        sent.poll(5, TimeUnit.SECONDS);
        assertResult(iq("set", ALICE, "<pubsub " + OWNER_NS + "><purge node='news'/></pubsub>"));
        Element message = parse(sent.poll(5, TimeUnit.SECONDS));
        assertThat(message.element("event").element("purge").attributeValue("node")).isEqualTo("news");
        Element left = iq("get", BOB, "<pubsub " + PUBSUB_NS + "><items node='news'/></pubsub>");
        assertThat(left.element("pubsub").element("items").elements("item")).isEmpty();
        assertError(iq("set", BOB, "<pubsub " + OWNER_NS + "><purge node='news'/></pubsub>"), "auth", "forbidden", null);
    }

    @Test
    void defaultSubscriptionOptions_6_4() throws Exception {
        create("news");
        Element defaults = iq("get", BOB, "<pubsub " + PUBSUB_NS + "><default node='news'/></pubsub>")
                .element("pubsub").element("default");
        assertThat(defaults.attributeValue("node")).isEqualTo("news");
        assertThat(formValues(defaults.element("x"))).containsEntry("FORM_TYPE", SUBSCRIBE_OPTIONS)
                .containsEntry("pubsub#deliver", "true");
        assertResult(iq("get", BOB, "<pubsub " + PUBSUB_NS + "><default/></pubsub>"));
        assertError(iq("get", BOB, "<pubsub " + PUBSUB_NS + "><default node='nope'/></pubsub>"),
                "cancel", "item-not-found", null);
    }

    @Test
    void existingNodeIsAConflict_8_1_1() throws Exception {
        create("news");
        assertError(iq("set", BOB, "<pubsub " + PUBSUB_NS + "><create node='news'/></pubsub>"),
                "cancel", "conflict", null);
    }

    @Test
    void unimplementedActionIsFeatureNotImplementedWithUnsupported_12() throws Exception {
        Element reply = iq("set", ALICE, "<pubsub " + PUBSUB_NS + "><configure node='x'/></pubsub>");
        assertError(reply, "cancel", "feature-not-implemented", "unsupported");
        assertThat(reply.element("error").element("unsupported").attributeValue("feature")).isEqualTo("config-node");
    }

    private void publishItem(String node, String id) throws Exception {
        assertResult(iq("set", ALICE, "<pubsub " + PUBSUB_NS + "><publish node='" + node + "'><item id='" + id
                + "'><x xmlns='urn:t'/></item></publish></pubsub>"));
    }

    @Test
    void retractWithNotifyTellsSubscribers_7_2_2_1() throws Exception {
        create("princely_musings");
        assertResult(iq("set", BOB, "<pubsub " + PUBSUB_NS + "><subscribe node='princely_musings' jid='" + BOB
                + "'/></pubsub>"));
        publishItem("princely_musings", "ae890ac52d0df67ed7cfdf51b644e901");
        sent.poll(5, TimeUnit.SECONDS); // bob's publish notification
        Element reply = iq("set", ALICE, "<pubsub " + PUBSUB_NS + "><retract node='princely_musings' notify='true'>"
                + "<item id='ae890ac52d0df67ed7cfdf51b644e901'/></retract></pubsub>");
        assertResult(reply);
        assertThat(reply.elements()).isEmpty();
        Element message = parse(sent.poll(5, TimeUnit.SECONDS));
        assertThat(message.attributeValue("to")).isEqualTo(BOB);
        Element items = message.element("event").element("items");
        assertThat(items.attributeValue("node")).isEqualTo("princely_musings");
        assertThat(items.element("retract").attributeValue("id")).isEqualTo("ae890ac52d0df67ed7cfdf51b644e901");
        Element left = iq("get", BOB, "<pubsub " + PUBSUB_NS + "><items node='princely_musings'/></pubsub>");
        assertThat(left.element("pubsub").element("items").elements("item")).isEmpty();
    }

    @Test
    void retractWithoutNotifyTellsNobody_7_2_2() throws Exception {
        create("news");
        assertResult(iq("set", BOB, "<pubsub " + PUBSUB_NS + "><subscribe node='news' jid='" + BOB + "'/></pubsub>"));
        publishItem("news", "a");
        sent.poll(5, TimeUnit.SECONDS);
        assertResult(iq("set", ALICE, "<pubsub " + PUBSUB_NS + "><retract node='news'><item id='a'/></retract></pubsub>"));
        assertResult(iq("get", BOB, "<ping xmlns='" + Namespaces.PING + "'/>"));
        assertThat(sent).isEmpty();
    }

    @Test
    void retractErrors_7_2_3() throws Exception {
        create("news");
        publishItem("news", "a");
        assertError(iq("set", ALICE, "<pubsub " + PUBSUB_NS + "><retract node='news'/></pubsub>"),
                "modify", "bad-request", "item-required");
        assertError(iq("set", ALICE, "<pubsub " + PUBSUB_NS + "><retract node='news'><item/></retract></pubsub>"),
                "modify", "bad-request", "item-required");
        assertError(iq("set", ALICE, "<pubsub " + PUBSUB_NS + "><retract><item id='a'/></retract></pubsub>"),
                "modify", "bad-request", "nodeid-required");
        assertError(iq("set", ALICE, "<pubsub " + PUBSUB_NS + "><retract node='news'><item id='zz'/></retract></pubsub>"),
                "cancel", "item-not-found", null);
        assertError(iq("set", BOB, "<pubsub " + PUBSUB_NS + "><retract node='news'><item id='a'/></retract></pubsub>"),
                "auth", "forbidden", null);
    }

    @Test
    void subscriptionsOfTheRequester_5_6() throws Exception {
        create("news");
        Element empty = iq("get", BOB, "<pubsub " + PUBSUB_NS + "><subscriptions/></pubsub>");
        assertResult(empty);
        assertThat(empty.element("pubsub").element("subscriptions").elements()).isEmpty();
        Element subscribed = iq("set", BOB, "<pubsub " + PUBSUB_NS + "><subscribe node='news' jid='" + BOB + "'/></pubsub>");
        String subid = subscribed.element("pubsub").element("subscription").attributeValue("subid");
        Element reply = iq("get", "bob@localhost/other", "<pubsub " + PUBSUB_NS + "><subscriptions/></pubsub>");
        Element subscription = reply.element("pubsub").element("subscriptions").element("subscription");
        assertThat(subscription.attributeValue("node")).isEqualTo("news");
        assertThat(subscription.attributeValue("jid")).isEqualTo(BOB);
        assertThat(subscription.attributeValue("subscription")).isEqualTo("subscribed");
        assertThat(subscription.attributeValue("subid")).isEqualTo(subid);
        Element filtered = iq("get", BOB, "<pubsub " + PUBSUB_NS + "><subscriptions node='other'/></pubsub>");
        assertThat(filtered.element("pubsub").element("subscriptions").attributeValue("node")).isEqualTo("other");
        assertThat(filtered.element("pubsub").element("subscriptions").elements()).isEmpty();
    }

    @Test
    void affiliationsOfTheRequester_5_7() throws Exception {
        create("news");
        Element reply = iq("get", ALICE, "<pubsub " + PUBSUB_NS + "><affiliations/></pubsub>");
        assertResult(reply);
        Element affiliation = reply.element("pubsub").element("affiliations").element("affiliation");
        assertThat(affiliation.attributeValue("node")).isEqualTo("news");
        assertThat(affiliation.attributeValue("affiliation")).isEqualTo("owner");
        Element none = iq("get", BOB, "<pubsub " + PUBSUB_NS + "><affiliations/></pubsub>");
        assertThat(none.element("pubsub").element("affiliations").elements()).isEmpty();
    }

    @Test
    void ownerDeletesNodeAndSubscribersAreTold_8_4_2() throws Exception {
        create("news");
        assertResult(iq("set", BOB, "<pubsub " + PUBSUB_NS + "><subscribe node='news' jid='" + BOB + "'/></pubsub>"));
        assertError(iq("set", BOB, "<pubsub xmlns='" + Namespaces.PUBSUB_OWNER + "'><delete node='news'/></pubsub>"),
                "auth", "forbidden", null);
        String deleteXml = "<pubsub xmlns='" + Namespaces.PUBSUB_OWNER + "'><delete node='news'/></pubsub>";
        String id = "del";
        deliver(parse("<iq type='set' id='" + id + "' from='" + ALICE + "' to='" + SERVICE + "'>"
                + deleteXml + "</iq>"));
        List<Element> out = new ArrayList<>();
        out.add(parse(sent.poll(5, TimeUnit.SECONDS)));
        out.add(parse(sent.poll(5, TimeUnit.SECONDS)));
        Element message = out.stream().filter(e -> e.getName().equals("message")).findFirst().orElseThrow();
        assertThat(message.attributeValue("to")).isEqualTo(BOB);
        assertThat(message.element("event").element("delete").attributeValue("node")).isEqualTo("news");
        Element result = out.stream().filter(e -> e.getName().equals("iq")).findFirst().orElseThrow();
        assertThat(result.attributeValue("type")).isEqualTo("result");
    }

    @Test
    void pingIsAnsweredWithAnEmptyResult_XEP0199_4_2() throws Exception {
        Element reply = iq("get", BOB, "<ping xmlns='" + Namespaces.PING + "'/>");
        assertResult(reply);
        assertThat(reply.elements()).isEmpty();
    }

    @Test
    void versionNamesTheSoftware_XEP0092() throws Exception {
        Element query = iq("get", BOB, "<query xmlns='" + Namespaces.VERSION + "'/>").element("query");
        assertThat(query.elementText("name")).isEqualTo("pubsub-server");
        assertThat(query.elementText("version")).isEqualTo("1.2.3");
    }

    @Test
    void unknownNamespaceIsServiceUnavailable_RFC6120_8_4() throws Exception {
        assertError(iq("get", BOB, "<query xmlns='jabber:iq:unknown-thing'/>"), "cancel", "service-unavailable", null);
    }

    @Test
    void resultsErrorsMessagesAndPresencesAreNotAnswered() throws Exception {
        deliver(parse("<iq type='result' id='x' from='" + BOB + "' to='" + SERVICE + "'/>"));
        deliver(parse("<message from='" + BOB + "' to='" + SERVICE + "'><body>hi</body></message>"));
        deliver(parse("<presence from='" + BOB + "' to='" + SERVICE + "'/>"));
        assertResult(iq("get", BOB, "<ping xmlns='" + Namespaces.PING + "'/>"));
        assertThat(sent).isEmpty();
    }
}
