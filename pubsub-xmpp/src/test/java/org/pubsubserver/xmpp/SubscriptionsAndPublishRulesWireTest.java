package org.pubsubserver.xmpp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pubsubserver.xmpp.SurfaceHarness.ALICE;
import static org.pubsubserver.xmpp.SurfaceHarness.BOB;
import static org.pubsubserver.xmpp.SurfaceHarness.NODE_CONFIG;
import static org.pubsubserver.xmpp.SurfaceHarness.OWNER_NS;
import static org.pubsubserver.xmpp.SurfaceHarness.PUBSUB_NS;
import static org.pubsubserver.xmpp.SurfaceHarness.assertError;
import static org.pubsubserver.xmpp.SurfaceHarness.assertResult;

import java.util.concurrent.TimeUnit;
import org.dom4j.Element;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the XMPP interop suite and a strict reading of XEP-0060 expect of multiple subscriptions (§6.1.6,
 * §6.2.3.1, §7.1.2.4), of a publish request (§7.1.1: one item at most), of the unsubscribe answer (§6.2.2),
 * and of the node type field (§16.4.4), on the wire.
 */
class SubscriptionsAndPublishRulesWireTest {
    /** Owners are told at their bare JID. */
    private static final String ALICE_BARE = "alice@localhost";

    private final SurfaceHarness harness = new SurfaceHarness();

    @AfterEach
    void stop() {
        harness.close();
    }

    private void create(String node, String... config) throws Exception {
        String configure = config.length == 0 ? "" : "<configure>" + SurfaceHarness.submittedForm(NODE_CONFIG, config)
                + "</configure>";
        assertResult(harness.iq("set", ALICE, "<pubsub " + PUBSUB_NS + "><create node='" + node + "'/>" + configure
                + "</pubsub>"));
    }

    private Element subscribe(String node) throws Exception {
        Element result = harness.iq("set", BOB, "<pubsub " + PUBSUB_NS + "><subscribe node='" + node + "' jid='" + BOB
                + "'/></pubsub>");
        assertResult(result);
        return result.element("pubsub").element("subscription");
    }

    @Test
    void aRepeatedSubscribeMakesASecondSubscriptionWithItsOwnSubId_6_1_6() throws Exception {
        create("news");
        Element first = subscribe("news");
        Element second = subscribe("news");
        assertThat(second.attributeValue("subscription")).isEqualTo("subscribed");
        assertThat(second.attributeValue("subid")).isNotBlank().isNotEqualTo(first.attributeValue("subid"));
        Element subscriptions = harness.iq("get", BOB, "<pubsub " + PUBSUB_NS + "><subscriptions node='news'/></pubsub>")
                .element("pubsub").element("subscriptions");
        assertThat(subscriptions.elements("subscription")).extracting(s -> s.attributeValue("subid"))
                .containsExactlyInAnyOrder(first.attributeValue("subid"), second.attributeValue("subid"));
    }

    @Test
    void withSeveralSubscriptionsAnUnsubscribeNeedsTheSubId_6_2_3_1() throws Exception {
        create("news");
        Element first = subscribe("news");
        subscribe("news");
        assertError(harness.iq("set", BOB, "<pubsub " + PUBSUB_NS + "><unsubscribe node='news' jid='" + BOB
                + "'/></pubsub>"), "modify", "bad-request", "subid-required");
        assertResult(harness.iq("set", BOB, "<pubsub " + PUBSUB_NS + "><unsubscribe node='news' jid='" + BOB
                + "' subid='" + first.attributeValue("subid") + "'/></pubsub>"));
    }

    @Test
    void aNotificationCarriesOneSubIdHeaderPerSubscription_7_1_2_4() throws Exception {
        create("news");
        String a = subscribe("news").attributeValue("subid");
        String b = subscribe("news").attributeValue("subid");
        assertResult(harness.iq("set", ALICE, "<pubsub " + PUBSUB_NS + "><publish node='news'><item id='i1'>"
                + "<entry xmlns='urn:t'/></item></publish></pubsub>"));
        Element message = harness.next();
        assertThat(message.attributeValue("to")).isEqualTo(BOB);
        // one message for the JID however many subscriptions it has (§6.1.6), the SubIDs last (§7.1.2.4)
        Element last = message.elements().get(message.elements().size() - 1);
        assertThat(last.getQName().getNamespaceURI()).isEqualTo("http://jabber.org/protocol/shim");
        assertThat(last.elements("header")).extracting(h -> h.attributeValue("name") + "=" + h.getText())
                .containsExactlyInAnyOrder("SubID=" + a, "SubID=" + b);
        assertThat(harness.sent.poll(200, TimeUnit.MILLISECONDS)).as("a second message to the same JID").isNull();
    }

    @Test
    void anOwnUnsubscribeIsToldInTheResultNotInAMessage_6_2_2() throws Exception {
        create("news", "pubsub#notify_sub", "1");
        String subId = subscribe("news").attributeValue("subid");
        assertThat(harness.next().attributeValue("to")).as("notify_sub: the owner is told of the subscriber")
                .isEqualTo(ALICE_BARE);
        Element result = harness.iq("set", BOB, "<pubsub " + PUBSUB_NS + "><unsubscribe node='news' jid='" + BOB
                + "'/></pubsub>");
        assertResult(result);
        Element subscription = result.element("pubsub").element("subscription");
        assertThat(subscription.attributeValue("node")).isEqualTo("news");
        assertThat(subscription.attributeValue("jid")).isEqualTo(BOB);
        assertThat(subscription.attributeValue("subscription")).isEqualTo("none");
        assertThat(subscription.attributeValue("subid")).isEqualTo(subId);
        // the owner's notify_sub message comes from the same event, after any to the subscriber would have
        Element next = harness.next();
        assertThat(next.attributeValue("to")).isEqualTo(ALICE_BARE);
        assertThat(next.element("event").element("subscription").attributeValue("subscription")).isEqualTo("none");
        assertThat(harness.sent.poll(200, TimeUnit.MILLISECONDS)).as("nothing to the subscriber").isNull();
    }

    @Test
    void aPublishWithTwoItemsIsABadRequestAndPublishesNothing_7_1_1() throws Exception {
        create("news");
        assertError(harness.iq("set", ALICE, "<pubsub " + PUBSUB_NS + "><publish node='news'>"
                + "<item id='a'><entry xmlns='urn:t'/></item><item id='b'><entry xmlns='urn:t'/></item>"
                + "</publish></pubsub>"), "modify", "bad-request", null);
        Element items = harness.iq("get", ALICE, "<pubsub " + PUBSUB_NS + "><items node='news'/></pubsub>")
                .element("pubsub").element("items");
        assertThat(items.elements("item")).isEmpty();
    }

    @Test
    void theConfigurationFormOffersNodeTypeLeafAndCollection_16_4_4_and_xep0248_registrar_formtypes_config()
            throws Exception {
        create("news", "pubsub#node_type", "leaf");
        Element form = harness.iq("get", ALICE, "<pubsub " + OWNER_NS + "><configure node='news'/></pubsub>")
                .element("pubsub").element("configure").element("x");
        assertThat(form.elements("field")).filteredOn(f -> "pubsub#node_type".equals(f.attributeValue("var")))
                .singleElement().satisfies(field -> {
                    assertThat(field.attributeValue("type")).isEqualTo("list-single");
                    assertThat(field.elementText("value")).isEqualTo("leaf");
                    assertThat(field.elements("option")).extracting(o -> o.elementText("value"))
                            .containsExactly("leaf", "collection");
                });
        assertResult(harness.iq("set", ALICE, "<pubsub " + PUBSUB_NS + "><create node='folders'/><configure>"
                + SurfaceHarness.submittedForm(NODE_CONFIG, "pubsub#node_type", "collection") + "</configure></pubsub>"));
    }
}
