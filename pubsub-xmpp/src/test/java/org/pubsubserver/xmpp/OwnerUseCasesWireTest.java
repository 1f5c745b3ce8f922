package org.pubsubserver.xmpp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pubsubserver.xmpp.SurfaceHarness.assertError;
import static org.pubsubserver.xmpp.SurfaceHarness.assertResult;
import static org.pubsubserver.xmpp.SurfaceHarness.parse;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.dom4j.Element;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.pubsubserver.xmpp.stanza.Namespaces;

/** XEP-0060 §6.1.4 and §8.4, §8.6-§8.9 on the wire: requests, replies, errors with payloads, and messages. */
class OwnerUseCasesWireTest {
    private static final String ALICE = "alice@localhost/desk";
    private static final String BOB = "bob@localhost/phone";
    private static final String OWNER_NS = "xmlns='" + Namespaces.PUBSUB_OWNER + "'";
    private static final String PUBSUB_NS = "xmlns='" + Namespaces.PUBSUB + "'";
    private static final String COMMANDS = "http://jabber.org/protocol/commands";
    private static final String GET_PENDING = "http://jabber.org/protocol/pubsub#get-pending";

    private final SurfaceHarness harness = new SurfaceHarness();

    @AfterEach
    void stop() {
        harness.close();
    }

    private void create(String node, String accessModel) throws Exception {
        assertResult(harness.iq("set", ALICE, "<pubsub " + PUBSUB_NS + "><create node='" + node + "'/><configure>"
                + "<x xmlns='jabber:x:data' type='submit'><field var='FORM_TYPE' type='hidden'>"
                + "<value>http://jabber.org/protocol/pubsub#node_config</value></field>"
                + "<field var='pubsub#access_model'><value>" + accessModel + "</value></field></x>"
                + "</configure></pubsub>"));
    }

    private Element subscribe(String from, String node) throws Exception {
        String bare = from.substring(0, from.indexOf('/'));
        return harness.iq("set", from, "<pubsub " + PUBSUB_NS + "><subscribe node='" + node + "' jid='" + bare + "'/></pubsub>");
    }

    private static String field(Element form, String var) {
        for (Element field : form.elements("field")) {
            if (var.equals(field.attributeValue("var"))) {
                return field.elementText("value");
            }
        }
        return null;
    }

    /** Sends the owner's answer to an authorization form, as §8.6's examples do. */
    private void answer(Element form, boolean allow) throws Exception {
        harness.deliver(parse("<message from='" + ALICE + "' to='" + SurfaceHarness.SERVICE + "' id='approve1'>"
                + "<x xmlns='jabber:x:data' type='submit'>"
                + "<field var='FORM_TYPE' type='hidden'><value>http://jabber.org/protocol/pubsub#subscribe_authorization</value></field>"
                + "<field var='pubsub#subid'><value>" + field(form, "pubsub#subid") + "</value></field>"
                + "<field var='pubsub#node'><value>" + field(form, "pubsub#node") + "</value></field>"
                + "<field var='pubsub#subscriber_jid'><value>" + field(form, "pubsub#subscriber_jid") + "</value></field>"
                + "<field var='pubsub#allow'><value>" + allow + "</value></field></x></message>"));
    }

    @Test
    void approvalRequiredThenTheOwnerApprovesByMessage_6_1_4_and_8_6() throws Exception {
        create("princely_musings", "authorize");
        Element reply = subscribe("horatio@localhost/castle", "princely_musings");
        assertResult(reply);
        Element subscription = reply.element("pubsub").element("subscription");
        assertThat(subscription.attributeValue("subscription")).isEqualTo("pending");
        assertThat(subscription.attributeValue("jid")).isEqualTo("horatio@localhost");

        Element request = harness.next();
        assertThat(request.getName()).isEqualTo("message");
        assertThat(request.attributeValue("to")).isEqualTo("alice@localhost");
        Element form = request.element("x");
        assertThat(form.getNamespaceURI()).isEqualTo("jabber:x:data");
        assertThat(form.attributeValue("type")).isEqualTo("form");
        assertThat(field(form, "FORM_TYPE")).isEqualTo("http://jabber.org/protocol/pubsub#subscribe_authorization");
        assertThat(field(form, "pubsub#node")).isEqualTo("princely_musings");
        assertThat(field(form, "pubsub#subscriber_jid")).isEqualTo("horatio@localhost");
        assertThat(field(form, "pubsub#allow")).isEqualTo("false");
        assertThat(field(form, "pubsub#subid")).isNotEmpty();

        answer(form, true);
        Element notice = harness.next();
        assertThat(notice.attributeValue("to")).isEqualTo("horatio@localhost");
        Element changed = notice.element("event").element("subscription");
        assertThat(notice.element("event").getNamespaceURI()).isEqualTo(Namespaces.PUBSUB_EVENT);
        assertThat(changed.attributeValue("node")).isEqualTo("princely_musings");
        assertThat(changed.attributeValue("jid")).isEqualTo("horatio@localhost");
        assertThat(changed.attributeValue("subscription")).isEqualTo("subscribed");
    }

    @Test
    void theOwnerDeniesAndTheSubscriberIsTold_8_6() throws Exception {
        create("princely_musings", "authorize");
        subscribe("horatio@localhost/castle", "princely_musings");
        Element form = harness.next().element("x");
        answer(form, false);
        Element changed = harness.next().element("event").element("subscription");
        assertThat(changed.attributeValue("subscription")).isEqualTo("none");
    }

    @Test
    void anAnswerFromSomeoneElseIsRefusedWithAMessageError_8_6() throws Exception {
        create("princely_musings", "authorize");
        subscribe("horatio@localhost/castle", "princely_musings");
        Element form = harness.next().element("x");
        harness.deliver(parse("<message from='" + BOB + "' to='" + SurfaceHarness.SERVICE + "' id='x1'>"
                + form.asXML().replace("type=\"form\"", "type=\"submit\"").replace("<value>false</value>", "<value>true</value>")
                + "</message>"));
        Element error = harness.next();
        assertThat(error.attributeValue("type")).isEqualTo("error");
        assertThat(error.attributeValue("to")).isEqualTo(BOB);
        assertThat(error.element("error").element("forbidden")).isNotNull();
    }

    @Test
    void getPendingThroughAdHocCommands_8_7() throws Exception {
        create("princely_musings", "authorize");
        subscribe("horatio@localhost/castle", "princely_musings");
        harness.next(); // the first authorization request

        Element listed = harness.iq("get", ALICE, "<query xmlns='http://jabber.org/protocol/disco#items' node='" + COMMANDS + "'/>");
        assertThat(listed.element("query").element("item").attributeValue("node")).isEqualTo(GET_PENDING);

        Element executing = harness.iq("set", ALICE, "<command xmlns='" + COMMANDS + "' node='" + GET_PENDING
                + "' action='execute'/>");
        assertResult(executing);
        Element command = executing.element("command");
        assertThat(command.attributeValue("status")).isEqualTo("executing");
        String session = command.attributeValue("sessionid");
        assertThat(session).isNotEmpty();
        Element nodeField = command.element("x").element("field");
        assertThat(nodeField.attributeValue("var")).isEqualTo("pubsub#node");
        assertThat(nodeField.elements("option")).extracting(o -> o.elementText("value")).containsExactly("princely_musings");

        Element completed = harness.iq("set", ALICE, "<command xmlns='" + COMMANDS + "' sessionid='" + session
                + "' node='" + GET_PENDING + "' action='execute'><x xmlns='jabber:x:data' type='submit'>"
                + "<field var='pubsub#node'><value>princely_musings</value></field></x></command>");
        assertResult(completed);
        assertThat(completed.element("command").attributeValue("status")).isEqualTo("completed");
        Element again = harness.next();
        assertThat(again.attributeValue("to")).isEqualTo(ALICE);
        assertThat(field(again.element("x"), "pubsub#subscriber_jid")).isEqualTo("horatio@localhost");

        // §8.7.3.3: an entity that owns no node
        assertError(harness.iq("set", BOB, "<command xmlns='" + COMMANDS + "' node='" + GET_PENDING + "' action='execute'/>"),
                "auth", "forbidden", null);
    }

    @Test
    void manageSubscriptions_8_8() throws Exception {
        create("princely_musings", "open");
        subscribe(BOB, "princely_musings");
        Element list = harness.iq("get", ALICE, "<pubsub " + OWNER_NS + "><subscriptions node='princely_musings'/></pubsub>");
        assertResult(list);
        Element subscriptions = list.element("pubsub").element("subscriptions");
        assertThat(subscriptions.attributeValue("node")).isEqualTo("princely_musings");
        assertThat(subscriptions.elements("subscription")).extracting(s -> s.attributeValue("jid") + " "
                + s.attributeValue("subscription")).containsExactly("bob@localhost subscribed");

        // §8.8.2: a delta; §8.8.4 the entity is told
        assertResult(harness.iq("set", ALICE, "<pubsub " + OWNER_NS + "><subscriptions node='princely_musings'>"
                + "<subscription jid='bob@localhost' subscription='none'/></subscriptions></pubsub>"));
        Element told = harness.next().element("event").element("subscription");
        assertThat(told.attributeValue("subscription")).isEqualTo("none");

        // §8.8.2.4: the invalid entry comes back, unchanged, with not-acceptable
        Element error = harness.iq("set", ALICE, "<pubsub " + OWNER_NS + "><subscriptions node='princely_musings'>"
                + "<subscription jid='polonius@localhost' subscription='bogus'/>"
                + "<subscription jid='bard@localhost' subscription='subscribed'/></subscriptions></pubsub>");
        assertError(error, "modify", "not-acceptable", null);
        List<Element> returned = error.element("pubsub").element("subscriptions").elements("subscription");
        assertThat(returned).extracting(s -> s.attributeValue("jid") + " " + s.attributeValue("subscription"))
                .containsExactly("polonius@localhost none");
        // ... and the valid one was applied, and told
        Element bard = harness.next();
        assertThat(bard.attributeValue("to")).isEqualTo("bard@localhost");
        assertThat(bard.element("event").element("subscription").attributeValue("subscription")).isEqualTo("subscribed");
        // §8.8.1.3: not an owner
        assertError(harness.iq("get", BOB, "<pubsub " + OWNER_NS + "><subscriptions node='princely_musings'/></pubsub>"),
                "auth", "forbidden", null);
    }

    @Test
    void manageAffiliations_8_9() throws Exception {
        create("princely_musings", "open");
        assertResult(harness.iq("set", ALICE, "<pubsub " + OWNER_NS + "><affiliations node='princely_musings'>"
                + "<affiliation jid='bard@localhost' affiliation='publisher'/></affiliations></pubsub>"));
        // §8.9.4: the entity is told
        Element told = harness.next();
        assertThat(told.attributeValue("to")).isEqualTo("bard@localhost");
        Element affiliation = told.element("pubsub").element("affiliations").element("affiliation");
        assertThat(told.element("pubsub").getNamespaceURI()).isEqualTo(Namespaces.PUBSUB);
        assertThat(affiliation.attributeValue("affiliation")).isEqualTo("publisher");

        Element list = harness.iq("get", ALICE, "<pubsub " + OWNER_NS + "><affiliations node='princely_musings'/></pubsub>");
        assertThat(list.element("pubsub").element("affiliations").elements("affiliation"))
                .extracting(a -> a.attributeValue("jid") + " " + a.attributeValue("affiliation"))
                .containsExactlyInAnyOrder("alice@localhost owner", "bard@localhost publisher");

        // §8.9.2.4: the only owner may not leave; the entry returns with "owner"
        Element error = harness.iq("set", ALICE, "<pubsub " + OWNER_NS + "><affiliations node='princely_musings'>"
                + "<affiliation jid='alice@localhost' affiliation='none'/></affiliations></pubsub>");
        assertError(error, "modify", "not-acceptable", null);
        assertThat(error.element("pubsub").element("affiliations").element("affiliation").attributeValue("affiliation"))
                .isEqualTo("owner");
    }

    @Test
    void deleteWithRedirect_8_4_1() throws Exception {
        create("princely_musings", "open");
        subscribe(BOB, "princely_musings");
        assertResult(harness.iq("set", ALICE, "<pubsub " + OWNER_NS + "><delete node='princely_musings'>"
                + "<redirect uri='xmpp:hamlet@denmark.lit?;node=blog'/></delete></pubsub>"));
        Element delete = harness.next().element("event").element("delete");
        assertThat(delete.attributeValue("node")).isEqualTo("princely_musings");
        assertThat(delete.element("redirect").attributeValue("uri")).isEqualTo("xmpp:hamlet@denmark.lit?;node=blog");
        assertThat(harness.sent.poll(200, TimeUnit.MILLISECONDS)).isNull();
        // §6.1.3.11: the node has moved: <gone/> with the new address
        Element moved = subscribe(BOB, "princely_musings");
        assertError(moved, "modify", "gone", null);
        assertThat(moved.element("error").element("gone").getText()).isEqualTo("xmpp:hamlet@denmark.lit?;node=blog");
        // a node created again under the name is there
        create("princely_musings", "open");
        assertResult(subscribe(BOB, "princely_musings"));
    }

    @Test
    void aTemporarySubscriptionEndsWithUnavailablePresence_13_5() throws Exception {
        create("princely_musings", "open");
        assertResult(harness.iq("set", BOB, "<pubsub " + PUBSUB_NS + "><subscribe node='princely_musings' jid='" + BOB
                + "'/><options><x xmlns='jabber:x:data' type='submit'><field var='FORM_TYPE' type='hidden'>"
                + "<value>http://jabber.org/protocol/pubsub#subscribe_options</value></field>"
                + "<field var='pubsub#expire'><value>presence</value></field></x></options></pubsub>"));
        harness.deliver(parse("<presence from='" + BOB + "' to='" + SurfaceHarness.SERVICE + "'/>"));
        harness.deliver(parse("<presence type='unavailable' from='" + BOB + "' to='" + SurfaceHarness.SERVICE + "'/>"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        List<Element> left;
        do {
            left = harness.iq("get", ALICE, "<pubsub " + OWNER_NS + "><subscriptions node='princely_musings'/></pubsub>")
                    .element("pubsub").element("subscriptions").elements("subscription");
        } while (!left.isEmpty() && System.nanoTime() < deadline);
        assertThat(left).isEmpty();
    }

    @Test
    void aDeletionIsToldToPendingSubscribersToo_8_4_2() throws Exception {
        create("princely_musings", "authorize");
        subscribe("horatio@localhost/castle", "princely_musings");
        harness.next(); // the authorization request to alice
        assertResult(harness.iq("set", ALICE, "<pubsub " + OWNER_NS + "><delete node='princely_musings'/></pubsub>"));
        Element told = harness.next();
        assertThat(told.attributeValue("to")).isEqualTo("horatio@localhost");
        assertThat(told.element("event").element("delete").attributeValue("node")).isEqualTo("princely_musings");
    }

    @Test
    void anEchoedFormIsNotTakenAsAnAnswer_8_6() throws Exception {
        create("princely_musings", "authorize");
        subscribe("horatio@localhost/castle", "princely_musings");
        Element request = harness.next();
        // a client that echoes the message back unchanged (type 'form') neither approves nor denies
        harness.deliver(parse("<message from='" + ALICE + "' to='" + SurfaceHarness.SERVICE + "' id='e1'>"
                + request.element("x").asXML() + "</message>"));
        Element error = harness.next();
        assertThat(error.attributeValue("type")).isEqualTo("error");
        assertThat(error.element("error").element("bad-request")).isNotNull();
        Element list = harness.iq("set", ALICE, "<command xmlns='" + COMMANDS + "' node='" + GET_PENDING
                + "' action='execute'/>");
        assertThat(list.element("command").element("x").element("field").elements("option")).hasSize(1);
    }

    @Test
    void aTokenForTheWebStreamsComesFromAnAdHocCommand() throws Exception {
        Element listed = harness.iq("get", BOB, "<query xmlns='http://jabber.org/protocol/disco#items' node='" + COMMANDS + "'/>");
        assertThat(listed.element("query").elements("item")).extracting(i -> i.attributeValue("node"))
                .contains(GET_PENDING, "urn:pubsubserver:sse-token");
        Element reply = harness.iq("set", BOB, "<command xmlns='" + COMMANDS + "' node='urn:pubsubserver:sse-token'"
                + " action='execute'/>");
        assertResult(reply);
        assertThat(reply.element("command").attributeValue("status")).isEqualTo("completed");
        String token = field(reply.element("command").element("x"), "token");
        assertThat(SurfaceHarness.TOKENS.verify(token)).contains(new org.xmpp.packet.JID("bob@localhost"));
        assertThat(field(reply.element("command").element("x"), "jid")).isEqualTo("bob@localhost");
        assertThat(SurfaceHarness.TOKENS.read(token)).get().extracting(t -> t.scope())
                .isEqualTo(org.pubsubserver.core.access.StreamTokens.Scope.READ);
    }

    /** Issue 17: a second command gives a token that also publishes over HTTP as the requester's bare JID. */
    @Test
    void aTokenForPublishingOverHttpComesFromASecondAdHocCommand() throws Exception {
        Element listed = harness.iq("get", BOB, "<query xmlns='http://jabber.org/protocol/disco#items' node='" + COMMANDS + "'/>");
        assertThat(listed.element("query").elements("item")).extracting(i -> i.attributeValue("node"))
                .contains("urn:pubsubserver:publish-token");
        Element reply = harness.iq("set", BOB, "<command xmlns='" + COMMANDS + "' node='urn:pubsubserver:publish-token'"
                + " action='execute'/>");
        assertResult(reply);
        Element form = reply.element("command").element("x");
        assertThat(SurfaceHarness.TOKENS.read(field(form, "token"))).get().satisfies(token -> {
            assertThat(token.jid()).isEqualTo(new org.xmpp.packet.JID("bob@localhost"));
            assertThat(token.scope()).isEqualTo(org.pubsubserver.core.access.StreamTokens.Scope.PUBLISH);
        });
        assertThat(field(form, "scope")).isEqualTo("read publish");
    }
}
