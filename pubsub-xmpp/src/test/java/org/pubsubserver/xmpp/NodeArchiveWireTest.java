package org.pubsubserver.xmpp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pubsubserver.xmpp.SurfaceHarness.OWNER_NS;
import static org.pubsubserver.xmpp.SurfaceHarness.PUBSUB_NS;
import static org.pubsubserver.xmpp.SurfaceHarness.assertError;
import static org.pubsubserver.xmpp.SurfaceHarness.assertResult;

import java.util.ArrayList;
import java.util.List;
import org.dom4j.Element;
import org.dom4j.QName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.pubsubserver.xmpp.stanza.Namespaces;

/**
 * Node archives over the wire: XEP-0442 (a pubsub node's archive) with XEP-0313 (the query, its results and paging)
 * and XEP-0059 (result sets), stanza in, stanza out. Test names carry the sections.
 */
class NodeArchiveWireTest {
    private static final String ALICE = SurfaceHarness.ALICE;
    private static final String BOB = SurfaceHarness.BOB;
    private static final String MAM = "xmlns='urn:xmpp:mam:2'";

    private final SurfaceHarness harness = new SurfaceHarness();

    @AfterEach
    void close() {
        harness.close();
    }

    private void publish(String node, String itemId, String text) throws Exception {
        assertResult(harness.iq("set", ALICE, "<pubsub " + PUBSUB_NS + "><publish node='" + node + "'><item id='"
                + itemId + "'><entry xmlns='urn:test'>" + text + "</entry></item></publish></pubsub>"));
    }

    private void create(String node, String... fieldsAndValues) throws Exception {
        assertResult(harness.iq("set", ALICE, "<pubsub " + PUBSUB_NS + "><create node='" + node + "'/><configure>"
                + SurfaceHarness.submittedForm(SurfaceHarness.NODE_CONFIG, fieldsAndValues) + "</configure></pubsub>"));
    }

    /** A query's messages and its closing IQ. */
    private record Answer(List<Element> results, Element iq) {
        List<String> itemIds() {
            return results.stream().map(message -> item(message).attributeValue("id")).toList();
        }

        List<String> archiveIds() {
            return results.stream().map(message -> message.element("result").attributeValue("id")).toList();
        }

        Element fin() {
            return iq.element("fin");
        }

        String first() {
            return fin().element("set").elementText("first");
        }

        String last() {
            return fin().element("set").elementText("last");
        }

        boolean complete() {
            return "true".equals(fin().attributeValue("complete"));
        }
    }

    private static Element item(Element message) {
        return message.element("result").element("forwarded").element("message").element("event")
                .element("items").element("item");
    }

    private Answer query(String from, String node, String inside) throws Exception {
        List<Element> stanzas = harness.exchange("set", from, "<query " + MAM + " queryid='q1'"
                + (node == null ? "" : " node='" + node + "'") + ">" + inside + "</query>");
        Element iq = stanzas.remove(stanzas.size() - 1);
        return new Answer(new ArrayList<>(stanzas), iq);
    }

    /** A query that must succeed. */
    private Answer page(String from, String node, String inside) throws Exception {
        Answer answer = query(from, node, inside);
        assertResult(answer.iq());
        return answer;
    }

    private static String rsm(String inside) {
        return "<set xmlns='http://jabber.org/protocol/rsm'>" + inside + "</set>";
    }

    private static String form(String... fieldsAndValues) {
        return SurfaceHarness.submittedForm("urn:xmpp:mam:2", fieldsAndValues);
    }

    private void fiveItems() throws Exception {
        for (int i = 1; i <= 5; i++) {
            publish("diary", "i" + i, "entry " + i);
        }
    }

    @Test
    void theServiceAndAnArchivingNodeAdvertiseMam_xep0313_7_xep0442() throws Exception {
        create("diary");
        create("unarchived", "{urn:pubsubserver:archive}max_items", "0");
        Element service = harness.iq("get", ALICE, "<query xmlns='http://jabber.org/protocol/disco#info'/>");
        assertThat(features(service)).contains("urn:xmpp:mam:2", "urn:xmpp:mam:2#extended");
        Element node = harness.iq("get", ALICE, "<query xmlns='http://jabber.org/protocol/disco#info' node='diary'/>");
        assertThat(features(node)).contains("urn:xmpp:mam:2", "urn:xmpp:mam:2#extended");
        Element without = harness.iq("get", ALICE, "<query xmlns='http://jabber.org/protocol/disco#info' node='unarchived'/>");
        assertThat(features(without)).doesNotContain("urn:xmpp:mam:2");
    }

    private static List<String> features(Element iq) {
        return iq.element("query").elements("feature").stream().map(f -> f.attributeValue("var")).toList();
    }

    @Test
    void resultsAreForwardedEventMessagesOneItemEach_withDelayAndQueryId_thenFin_xep0442_xep0313_4_2() throws Exception {
        create("diary");
        publish("diary", "first", "hello");
        Answer answer = query(BOB, "diary", "");
        assertThat(answer.results()).hasSize(1);
        Element message = answer.results().get(0);
        assertThat(message.attributeValue("to")).isEqualTo(BOB);
        assertThat(message.attributeValue("from")).isEqualTo(SurfaceHarness.SERVICE);
        Element result = message.element("result");
        assertThat(result.getNamespaceURI()).isEqualTo(Namespaces.MAM);
        assertThat(result.attributeValue("queryid")).isEqualTo("q1");
        assertThat(result.attributeValue("id")).hasSize(22);
        Element forwarded = result.element("forwarded");
        assertThat(forwarded.getNamespaceURI()).isEqualTo("urn:xmpp:forward:0");
        Element delay = forwarded.element("delay");
        assertThat(delay.getNamespaceURI()).isEqualTo("urn:xmpp:delay");
        assertThat(java.time.Instant.parse(delay.attributeValue("stamp"))).isNotNull();
        Element inner = forwarded.element("message");
        assertThat(inner.getNamespaceURI()).isEqualTo("jabber:client");
        Element items = inner.element("event").element("items");
        assertThat(items.getNamespaceURI()).isEqualTo(Namespaces.PUBSUB_EVENT);
        assertThat(items.attributeValue("node")).isEqualTo("diary");
        assertThat(items.elements("item")).hasSize(1);
        assertThat(item(message).attributeValue("id")).isEqualTo("first");
        assertThat(item(message).element(QName.get("entry", "urn:test")).getText()).isEqualTo("hello");
        assertResult(answer.iq());
        assertThat(answer.fin().getNamespaceURI()).isEqualTo(Namespaces.MAM);
        assertThat(answer.complete()).isTrue();
        assertThat(answer.first()).isEqualTo(result.attributeValue("id"));
        assertThat(answer.last()).isEqualTo(result.attributeValue("id"));
    }

    @Test
    void theArchiveKeepsItemsReplacedAndRetracted_whileItemRetrievalDoesNot_xep0442() throws Exception {
        create("diary");
        publish("diary", "a", "one");
        publish("diary", "a", "two");
        assertResult(harness.iq("set", ALICE, "<pubsub " + PUBSUB_NS + "><retract node='diary'><item id='a'/></retract></pubsub>"));
        Answer answer = query(ALICE, "diary", "");
        assertThat(answer.itemIds()).containsExactly("a", "a");
        assertThat(answer.results()).extracting(m -> item(m).elementText("entry")).containsExactly("one", "two");
    }

    @Test
    void pagingForwardsWithAfter_untilTheLastPageSaysComplete_xep0313_4_3_2() throws Exception {
        create("diary");
        fiveItems();
        Answer first = page(ALICE, "diary", rsm("<max>2</max>"));
        assertThat(first.itemIds()).containsExactly("i1", "i2");
        assertThat(first.complete()).isFalse();
        assertThat(first.first()).isEqualTo(first.archiveIds().get(0));
        assertThat(first.last()).isEqualTo(first.archiveIds().get(1));
        Answer second = page(ALICE, "diary", rsm("<max>2</max><after>" + first.last() + "</after>"));
        assertThat(second.itemIds()).containsExactly("i3", "i4");
        Answer third = page(ALICE, "diary", rsm("<max>2</max><after>" + second.last() + "</after>"));
        assertThat(third.itemIds()).containsExactly("i5");
        assertThat(third.complete()).isTrue();
    }

    @Test
    void theLastPageAndPagingBackwards_flippedPagesComeNewestFirst_xep0313_4_3_3_and_4_3_4() throws Exception {
        create("diary");
        fiveItems();
        Answer last = page(ALICE, "diary", rsm("<max>2</max><before/>"));
        assertThat(last.itemIds()).containsExactly("i4", "i5");
        assertThat(last.complete()).isFalse();
        Answer flipped = page(ALICE, "diary", rsm("<max>2</max><before>" + last.first() + "</before>") + "<flip-page/>");
        assertThat(flipped.itemIds()).containsExactly("i3", "i2"); // sent newest first
        assertThat(flipped.first()).isEqualTo(flipped.archiveIds().get(1)); // the page's own order is unchanged
        assertThat(flipped.last()).isEqualTo(flipped.archiveIds().get(0));
        Answer oldest = page(ALICE, "diary", rsm("<max>2</max><before>" + flipped.first() + "</before>"));
        assertThat(oldest.itemIds()).containsExactly("i1");
        assertThat(oldest.complete()).isTrue();
    }

    @Test
    void theFormFiltersByIdsAndBetweenKnownIds_xep0313_4_1_3() throws Exception {
        create("diary");
        fiveItems();
        List<String> ids = query(ALICE, "diary", "").archiveIds();
        assertThat(query(ALICE, "diary", form("after-id", ids.get(0), "before-id", ids.get(3))).itemIds())
                .containsExactly("i2", "i3");
        assertThat(query(ALICE, "diary", form("ids", ids.get(4))).itemIds()).containsExactly("i5");
    }

    @Test
    void theFormFiltersByTimeAndPublisher_xep0313_4_1_1_and_4_1_2() throws Exception {
        create("diary");
        fiveItems();
        Answer all = query(ALICE, "diary", "");
        String stamp = all.results().get(0).element("result").element("forwarded").element("delay").attributeValue("stamp");
        assertThat(query(ALICE, "diary", form("start", stamp)).itemIds()).hasSize(5);
        assertThat(query(ALICE, "diary", form("end", "2000-01-01T00:00:00Z")).itemIds()).isEmpty();
        assertThat(query(ALICE, "diary", form("with", "alice@localhost")).itemIds()).hasSize(5);
        assertThat(query(ALICE, "diary", form("with", "bob@localhost")).itemIds()).isEmpty();
    }

    @Test
    void filteringByPublisher_isForOwnersAndPublishers_whereTheItemsNameNoPublisher_xep0060_7_1_2_3() throws Exception {
        create("diary"); // itemreply owner (the default): notifications and results name no publisher
        fiveItems();
        assertError(query(BOB, "diary", form("with", "alice@localhost")).iq(), "auth", "forbidden", null);
        assertThat(query(BOB, "diary", "").itemIds()).hasSize(5);
        create("signed", "pubsub#itemreply", "publisher");
        publish("signed", "a", "x");
        assertThat(page(BOB, "signed", form("with", "alice@localhost")).itemIds()).containsExactly("a");
    }

    @Test
    void aCollectionKeepsNoArchive_andDoesNotOfferMam_xep0248() throws Exception {
        create("blogs", "pubsub#node_type", "collection");
        Element info = harness.iq("get", ALICE, "<query xmlns='http://jabber.org/protocol/disco#info' node='blogs'/>");
        assertThat(features(info)).doesNotContain("urn:xmpp:mam:2");
        assertError(query(ALICE, "blogs", "").iq(), "cancel", "feature-not-implemented", null);
    }

    @Test
    void anIdNotInTheArchive_isItemNotFound_xep0313_4_1_3_and_4_3_2() throws Exception {
        create("diary");
        create("other");
        publish("diary", "a", "x");
        publish("other", "b", "y");
        String otherId = query(ALICE, "other", "").archiveIds().get(0);
        assertError(query(ALICE, "diary", form("after-id", otherId)).iq(), "cancel", "item-not-found", null);
        assertError(query(ALICE, "diary", form("ids", "made-up")).iq(), "cancel", "item-not-found", null);
        assertError(query(ALICE, "diary", rsm("<after>AAAAAAAAAAAAAAAAAAAAAA</after>")).iq(), "cancel", "item-not-found", null);
    }

    @Test
    void anIdTheRetentionRemoved_isItemNotFound_xep0313_4_1_3() throws Exception {
        create("diary", "{urn:pubsubserver:archive}max_items", "1");
        publish("diary", "a", "x");
        String gone = query(ALICE, "diary", "").archiveIds().get(0);
        publish("diary", "b", "y");
        // the trim runs with the expiry sweep; until then the archive may hold more than its retention
        harness.sweep();
        assertThat(query(ALICE, "diary", "").itemIds()).containsExactly("b");
        assertError(query(ALICE, "diary", form("after-id", gone)).iq(), "cancel", "item-not-found", null);
    }

    @Test
    void whoMayRetrieveItemsMayQuery_othersAreRefusedAsForRetrieval_xep0060_6_5_9() throws Exception {
        create("secret", "pubsub#access_model", "whitelist");
        publish("secret", "a", "x");
        Element refused = query(BOB, "secret", "").iq();
        Element retrieval = harness.iq("get", BOB, "<pubsub " + PUBSUB_NS + "><items node='secret'/></pubsub>");
        assertError(refused, "cancel", "not-allowed", "closed-node");
        assertError(retrieval, "cancel", "not-allowed", "closed-node");
        assertThat(query(ALICE, "secret", "").itemIds()).containsExactly("a");
    }

    @Test
    void aNodeThatKeepsNoArchive_noNode_orNoSuchNode_areRefused() throws Exception {
        create("unarchived", "{urn:pubsubserver:archive}max_items", "0");
        publish("unarchived", "a", "x");
        assertError(query(ALICE, "unarchived", "").iq(), "cancel", "feature-not-implemented", null);
        assertError(query(ALICE, null, "").iq(), "cancel", "feature-not-implemented", null);
        assertError(query(ALICE, "nowhere", "").iq(), "cancel", "item-not-found", null);
    }

    @Test
    void badFormsAreBadRequests_xep0313_4_1() throws Exception {
        create("diary");
        assertError(query(ALICE, "diary", form("start", "yesterday")).iq(), "modify", "bad-request", null);
        assertError(query(ALICE, "diary", form("{urn:example}search", "x")).iq(), "modify", "bad-request", null);
        assertError(query(ALICE, "diary", SurfaceHarness.submittedForm("urn:xmpp:mam:1")).iq(), "modify", "bad-request", null);
        assertError(query(ALICE, "diary", rsm("<max>-1</max>")).iq(), "modify", "bad-request", null);
    }

    @Test
    void theQueryFormListsTheFieldsNoneRequired_idsOpen_xep0313_4_1_4() throws Exception {
        Element reply = harness.iq("get", ALICE, "<query " + MAM + " node='diary'/>");
        assertResult(reply);
        Element form = reply.element("query").element("x");
        assertThat(form.attributeValue("type")).isEqualTo("form");
        assertThat(form.elements("field")).extracting(f -> f.attributeValue("var"))
                .containsExactly("FORM_TYPE", "with", "start", "end", "before-id", "after-id", "ids");
        assertThat(form.elements("field")).allSatisfy(f -> assertThat(f.element("required")).isNull());
        Element ids = form.elements("field").get(6);
        assertThat(ids.element("validate").element("open")).isNotNull();
    }

    @Test
    void metadataGivesTheOldestAndNewestItem_orNothingForAnEmptyArchive_xep0313_5() throws Exception {
        create("diary");
        Element empty = harness.iq("get", ALICE, "<metadata " + MAM + " node='diary'/>");
        assertResult(empty);
        assertThat(empty.element("metadata").elements()).isEmpty();
        fiveItems();
        List<String> ids = query(ALICE, "diary", "").archiveIds();
        Element metadata = harness.iq("get", ALICE, "<metadata " + MAM + " node='diary'/>").element("metadata");
        assertThat(metadata.element("start").attributeValue("id")).isEqualTo(ids.get(0));
        assertThat(metadata.element("end").attributeValue("id")).isEqualTo(ids.get(4));
        assertThat(metadata.element("end").attributeValue("timestamp")).isNotEmpty();
    }

    @Test
    void aPurgeLeavesTheArchive_aDeleteTakesIt() throws Exception {
        create("diary");
        publish("diary", "a", "x");
        assertResult(harness.iq("set", ALICE, "<pubsub " + OWNER_NS + "><purge node='diary'/></pubsub>"));
        assertThat(query(ALICE, "diary", "").itemIds()).containsExactly("a");
        assertResult(harness.iq("set", ALICE, "<pubsub " + OWNER_NS + "><delete node='diary'/></pubsub>"));
        create("diary");
        assertThat(query(ALICE, "diary", "").itemIds()).isEmpty();
    }
}
