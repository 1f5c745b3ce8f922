package org.pubsubserver.xmpp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pubsubserver.xmpp.SurfaceHarness.ALICE;
import static org.pubsubserver.xmpp.SurfaceHarness.BOB;
import static org.pubsubserver.xmpp.SurfaceHarness.CAROL;
import static org.pubsubserver.xmpp.SurfaceHarness.NODE_CONFIG;
import static org.pubsubserver.xmpp.SurfaceHarness.OWNER_NS;
import static org.pubsubserver.xmpp.SurfaceHarness.PUBSUB_NS;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.dom4j.Element;
import org.jivesoftware.smack.SmackConfiguration;
import org.jivesoftware.smack.packet.XmlEnvironment;
import org.jivesoftware.smack.util.PacketParserUtils;
import org.jivesoftware.smack.xml.XmlPullParser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.pubsubserver.core.access.ServicePolicy;
import org.pubsubserver.xmpp.stanza.Namespaces;

/**
 * Every kind of stanza the service sends, parsed by stock Smack (its own providers only, none of ours):
 * a stanza Smack cannot parse makes it close the connection of a real Smack app (4.4 lets the exception end
 * its reader; 4.5's default parsing callback rethrows). Surefire runs this class twice: with Smack 4.4 and,
 * in the {@code stock-smack-4.5} execution, with Smack 4.5 in its place.
 *
 * <p>One kind stock Smack cannot read, and the service still sends: the subscription state notification
 * of XEP-0060 §13.14 ({@code <event><subscription/></event>}), which Smack's EventProvider casts to a
 * type it has no parser for. It goes only where the XEP asks for it and the entity did not already get its
 * answer in an IQ result: approval, denial, an owner's or admin's change, an affiliation change
 * (and notify_sub to owners). README.md says so. Nor can it read XEP-0248's node notifications (a node created
 * in, associated with or dissociated from a collection), sent only to subscriptions of type nodes (or all), which
 * a client asks for. Everything else must parse.
 */
class StockSmackReadsWhatWeSendTest {
    private static final String ADMIN = "admin@localhost/console";
    private static final String DAVE = "dave@localhost/laptop";
    private static final String ATOM = "<entry xmlns='http://www.w3.org/2005/Atom'><title>Soliloquy</title>"
            + "<summary>To be, or not to be</summary></entry>";

    private final SurfaceHarness harness = new SurfaceHarness(new ServicePolicy(
            Set.of(new org.xmpp.packet.JID("admin@localhost")),
            org.pubsubserver.core.access.NodeCreationPolicy.anyone(), 0, 0));
    private final List<String> sent = new ArrayList<>();
    private int ids;

    @AfterEach
    void stop() {
        harness.close();
    }

    @Test
    void everythingTheServiceSendsParsesInStockSmackButSubscriptionStateAndNodeNotifications() throws Exception {
        assertThat(SmackConfiguration.getVersion()).as("the Smack on the class path")
                .startsWith(System.getProperty("stockSmackVersion") + " ");
        runEveryUseCase();

        Map<String, String> unreadable = new LinkedHashMap<>();
        for (String stanza : sent) {
            try {
                parseAsAConnectionDoes(asReceivedByAClient(stanza));
            } catch (InvocationTargetException e) {
                unreadable.put(stanza, e.getCause().toString());
            }
        }
        assertThat(unreadable.keySet()).as("stanzas stock Smack %s cannot parse, with why:%n%s",
                        SmackConfiguration.getVersion(), describe(unreadable))
                .allMatch(stanza -> isSubscriptionStateNotification(stanza) || isNodeNotification(stanza));
        // what the README says stock Smack cannot read is indeed unreadable (or it would say too much)
        assertThat(sent).filteredOn(StockSmackReadsWhatWeSendTest::isSubscriptionStateNotification)
                .isNotEmpty().allMatch(unreadable::containsKey);
        assertThat(sent).filteredOn(StockSmackReadsWhatWeSendTest::isNodeNotification)
                .isNotEmpty().allMatch(unreadable::containsKey);
        assertEveryKindWasSent();
    }

    /**
     * PacketParserUtils.parseStanza as the connection's reader calls it: 4.4 has (parser, environment), 4.5
     * adds a JxmppContext. Whatever it throws (wrapped in the InvocationTargetException) closes a connection.
     */
    private static void parseAsAConnectionDoes(String stanza) throws Exception {
        XmlPullParser parser = PacketParserUtils.getParserFor(stanza);
        Method parse = Arrays.stream(PacketParserUtils.class.getMethods())
                .filter(m -> m.getName().equals("parseStanza") && m.getParameterCount() >= 2
                        && m.getParameterTypes()[0] == XmlPullParser.class)
                .max(Comparator.comparingInt(Method::getParameterCount)).orElseThrow();
        Object[] arguments = new Object[parse.getParameterCount()];
        arguments[0] = parser;
        arguments[1] = new XmlEnvironment("jabber:client", "en"); // the client stream's, as the connection has it
        if (arguments.length == 3) {
            arguments[2] = parse.getParameterTypes()[2].getMethod("getDefaultContext").invoke(null);
        }
        parse.invoke(null, arguments);
    }

    private static String describe(Map<String, String> unreadable) {
        StringBuilder text = new StringBuilder();
        unreadable.forEach((stanza, why) -> text.append("  ").append(why).append(" <- ")
                .append(stanza, 0, Math.min(stanza.length(), 240)).append(System.lineSeparator()));
        return text.toString();
    }

    private static boolean isSubscriptionStateNotification(String stanza) {
        return stanza.startsWith("<message") && stanza.contains("<event xmlns='" + Namespaces.PUBSUB_EVENT
                + "'><subscription ");
    }

    /**
     * XEP-0248's node notifications ({@code <create/>} in a collection, {@code <collection><associate/></collection>}
     * and dissociate), which Smack's EventProvider cannot read either: they go only to subscriptions to a collection
     * that ask for them (pubsub#subscription_type nodes or all; the default is items).
     */
    private static boolean isNodeNotification(String stanza) {
        String event = "<event xmlns='" + Namespaces.PUBSUB_EVENT + "'>";
        return stanza.startsWith("<message") && (stanza.contains(event + "<create ")
                || stanza.contains(event + "<collection "));
    }

    /** The kinds of stanza the walk through the use cases must have produced, by a piece of their XML. */
    private void assertEveryKindWasSent() {
        Map<String, String> kinds = new LinkedHashMap<>();
        kinds.put("item notification with payload and publisher", "<item id='first' publisher=");
        kinds.put("SubID headers", "<header name='SubID'>");
        kinds.put("body for include_body", "<body>");
        kinds.put("retract notification", "<retract id=");
        kinds.put("configuration notification with form", "<configuration node='shakespeare'><x");
        kinds.put("configuration notification without form", "<configuration node='shakespeare'/>");
        kinds.put("purge notification", "<purge node=");
        kinds.put("delete notification", "<delete node='last-item'/>");
        kinds.put("delete notification with redirect", "<redirect uri=");
        kinds.put("last item stamped as delayed", "urn:xmpp:delay");
        kinds.put("authorization request", "pubsub#subscribe_authorization");
        kinds.put("affiliation change", "<affiliations node=");
        kinds.put("subscription state notification", "<subscription node=");
        kinds.put("disco#info with meta-data", "pubsub#meta-data");
        kinds.put("ad-hoc command form", "http://jabber.org/protocol/commands");
        kinds.put("error with a pubsub#errors condition", "http://jabber.org/protocol/pubsub#errors");
        kinds.put("item notification through a collection", "<header name='Collection'>blogs</header>");
        kinds.put("retraction through a collection", "<retract id='in-a-collection'/></items></event><headers");
        kinds.put("purge through a collection", "<purge node='musings'/></event><headers");
        kinds.put("node creation in a collection", "<create node='musings'/>");
        kinds.put("association with a collection", "<associate node='ravings'/>");
        kinds.put("dissociation from a collection", "<dissociate node='ravings'/>");
        kinds.put("items of a collection", "<items node='musings'>");
        kinds.forEach((kind, piece) -> assertThat(sent).as(kind).anyMatch(stanza -> stanza.contains(piece)));
    }

    /** As the XMPP server hands it to a client: in the client namespace (we send in the component's). */
    private static String asReceivedByAClient(String stanza) {
        int end = stanza.indexOf(' ');
        return stanza.substring(0, end) + " xmlns='jabber:client'" + stanza.substring(end);
    }

    /** Walks through the use cases a client sees, collecting every stanza the service sends. */
    private void runEveryUseCase() throws Exception {
        iq("get", BOB, "<query xmlns='http://jabber.org/protocol/disco#info'/>", null);
        iq("get", BOB, "<query xmlns='http://jabber.org/protocol/disco#items'/>", null);
        iq("get", BOB, "<ping xmlns='urn:xmpp:ping'/>", null);
        iq("get", BOB, "<query xmlns='jabber:iq:version'/>", null);
        iq("get", ALICE, "<pubsub " + OWNER_NS + "><default/></pubsub>", null);
        iq("get", BOB, "<pubsub " + PUBSUB_NS + "><default/></pubsub>", null);

        create("shakespeare", "pubsub#notify_retract", "1", "pubsub#notify_config", "1", "pubsub#notify_sub", "1",
                "pubsub#itemreply", "publisher", "pubsub#title", "Princely musings",
                "pubsub#type", "http://www.w3.org/2005/Atom");
        iq("get", ALICE, "<pubsub " + OWNER_NS + "><configure node='shakespeare'/></pubsub>", null);
        String first = subscribe(BOB, "shakespeare", "").attributeValue("subid");
        subscribe(BOB, "shakespeare", "<options>" + SurfaceHarness.submittedForm(
                "http://jabber.org/protocol/pubsub#subscribe_options", "pubsub#include_body", "1") + "</options>");
        iq("get", BOB, "<pubsub " + PUBSUB_NS + "><options node='shakespeare' jid='" + BOB + "' subid='" + first
                + "'/></pubsub>", null);
        subscribe(CAROL, "shakespeare", "");
        publish("shakespeare", "first", ATOM);
        publish("shakespeare", "second", "<json xmlns='urn:xmpp:json:0'>{\"a\":1}</json>");
        iq("get", BOB, "<pubsub " + PUBSUB_NS + "><items node='shakespeare'/></pubsub>", null);
        iq("get", BOB, "<pubsub " + PUBSUB_NS + "><items node='shakespeare' max_items='1'/></pubsub>", null);
        iq("get", BOB, "<query xmlns='http://jabber.org/protocol/disco#info' node='shakespeare'/>", null);
        iq("get", BOB, "<query xmlns='http://jabber.org/protocol/disco#items' node='shakespeare'/>", null);
        iq("set", ALICE, "<pubsub " + PUBSUB_NS + "><retract node='shakespeare' notify='true'><item id='first'/>"
                + "</retract></pubsub>", null);
        configure("shakespeare", "pubsub#title", "Musings");
        configure("shakespeare", "pubsub#deliver_payloads", "0");
        publish("shakespeare", "third", ATOM);
        iq("set", ALICE, "<pubsub " + OWNER_NS + "><purge node='shakespeare'/></pubsub>", null);
        iq("get", BOB, "<pubsub " + PUBSUB_NS + "><subscriptions/></pubsub>", null);
        iq("get", BOB, "<pubsub " + PUBSUB_NS + "><affiliations/></pubsub>", null);
        iq("get", ALICE, "<pubsub " + OWNER_NS + "><subscriptions node='shakespeare'/></pubsub>", null);
        iq("get", ALICE, "<pubsub " + OWNER_NS + "><affiliations node='shakespeare'/></pubsub>", null);
        // an entity with two subscriptions and no subid (§6.2.3.1): an error with a pubsub#errors condition
        iq("set", BOB, "<pubsub " + PUBSUB_NS + "><unsubscribe node='shakespeare' jid='" + BOB + "'/></pubsub>", "error");
        iq("set", BOB, "<pubsub " + PUBSUB_NS + "><unsubscribe node='shakespeare' jid='" + BOB + "' subid='" + first
                + "'/></pubsub>", null);
        // §8.9.2 an affiliation change is told to the entity (§8.9.4); §8.8.2 an owner ends a subscription
        iq("set", ALICE, "<pubsub " + OWNER_NS + "><affiliations node='shakespeare'><affiliation jid='carol@localhost'"
                + " affiliation='publisher'/></affiliations></pubsub>", null);
        iq("set", ALICE, "<pubsub " + OWNER_NS + "><subscriptions node='shakespeare'><subscription jid='" + CAROL
                + "' subscription='none'/></subscriptions></pubsub>", null);

        // §6.1.4, §8.6: a pending subscription, the owner's form, the approval and the subscriber told
        create("diary", "pubsub#access_model", "authorize");
        subscribe(CAROL, "diary", "");
        Element request = awaitMessageTo("alice@localhost", "pubsub#subscribe_authorization");
        approve(request);
        iq("get", ALICE, "<query xmlns='http://jabber.org/protocol/disco#items' node='http://jabber.org/protocol/commands'/>",
                null);
        iq("set", ALICE, "<command xmlns='http://jabber.org/protocol/commands' node='urn:pubsubserver:sse-token'"
                + " action='execute'/>", null);
        iq("set", ALICE, "<command xmlns='http://jabber.org/protocol/commands'"
                + " node='http://jabber.org/protocol/pubsub#get-pending' action='execute'/>", null);

        // §6.1.7 the last item to a new subscriber, and on presence (on_sub_and_presence), stamped as delayed
        create("last-item");
        publish("last-item", "newest", ATOM);
        subscribe(CAROL, "last-item", "");
        harness.deliver(SurfaceHarness.parse("<presence from='" + CAROL + "' to='" + SurfaceHarness.SERVICE + "'/>"));
        // an admin unsubscribes someone else: told (§13.14)
        iq("set", ADMIN, "<pubsub " + PUBSUB_NS + "><unsubscribe node='last-item' jid='" + CAROL + "'/></pubsub>", null);
        subscribe(CAROL, "last-item", "");

        // §8.4.2 deletion, with and without a redirect (§8.4.1)
        subscribe(BOB, "diary", "");
        iq("set", ALICE, "<pubsub " + OWNER_NS + "><delete node='diary'><redirect uri='xmpp:pubsub.localhost?;node=shakespeare'/>"
                + "</delete></pubsub>", null);
        iq("set", ALICE, "<pubsub " + OWNER_NS + "><delete node='last-item'/></pubsub>", null);
        // errors
        iq("get", BOB, "<pubsub " + PUBSUB_NS + "><items node='nope'/></pubsub>", "error");
        iq("set", BOB, "<pubsub " + PUBSUB_NS + "><publish node='shakespeare'><item><x xmlns='urn:t'/></item></publish>"
                + "</pubsub>", "error");

        // XEP-0248: a collection, a leaf in it, a plain subscriber of the collection told of the leaf's items
        iq("get", ALICE, "<pubsub " + OWNER_NS + "><default type='collection'/></pubsub>", null);
        create("blogs", "pubsub#node_type", "collection");
        subscribe(BOB, "blogs", "");
        subscribe(DAVE, "blogs", "<options>" + SurfaceHarness.submittedForm(
                "http://jabber.org/protocol/pubsub#subscribe_options", "pubsub#subscription_type", "nodes") + "</options>");
        create("musings", "pubsub#collection", "blogs");
        create("ravings");
        configure("ravings", "pubsub#collection", "blogs");
        configure("ravings", "pubsub#collection", "");
        iq("get", ALICE, "<pubsub " + OWNER_NS + "><configure node='blogs'/></pubsub>", null);
        iq("get", ALICE, "<pubsub " + OWNER_NS + "><configure node='musings'/></pubsub>", null);
        publish("musings", "in-a-collection", ATOM);
        iq("set", ALICE, "<pubsub " + PUBSUB_NS + "><retract node='musings' notify='true'><item id='in-a-collection'/>"
                + "</retract></pubsub>", null);
        iq("set", ALICE, "<pubsub " + OWNER_NS + "><purge node='musings'/></pubsub>", null);
        iq("get", BOB, "<pubsub " + PUBSUB_NS + "><items node='blogs'/></pubsub>", null);
        iq("get", BOB, "<query xmlns='http://jabber.org/protocol/disco#info' node='blogs'/>", null);
        iq("get", BOB, "<query xmlns='http://jabber.org/protocol/disco#items' node='blogs'/>", null);
        iq("set", ALICE, "<pubsub " + PUBSUB_NS + "><publish node='blogs'><item><x xmlns='urn:t'/></item></publish>"
                + "</pubsub>", "error");
        drain();
    }

    private void create(String node, String... config) throws Exception {
        String configure = config.length == 0 ? ""
                : "<configure>" + SurfaceHarness.submittedForm(NODE_CONFIG, config) + "</configure>";
        iq("set", ALICE, "<pubsub " + PUBSUB_NS + "><create node='" + node + "'/>" + configure + "</pubsub>", null);
    }

    private void configure(String node, String... fields) throws Exception {
        iq("set", ALICE, "<pubsub " + OWNER_NS + "><configure node='" + node + "'>"
                + SurfaceHarness.submittedForm(NODE_CONFIG, fields) + "</configure></pubsub>", null);
    }

    private Element subscribe(String jid, String node, String options) throws Exception {
        return iq("set", jid, "<pubsub " + PUBSUB_NS + "><subscribe node='" + node + "' jid='" + jid + "'/>" + options
                + "</pubsub>", null).element("pubsub").element("subscription");
    }

    private void publish(String node, String id, String payload) throws Exception {
        iq("set", ALICE, "<pubsub " + PUBSUB_NS + "><publish node='" + node + "'><item id='" + id + "'>" + payload
                + "</item></publish></pubsub>", null);
    }

    /** The owner submits the §8.6 form with pubsub#allow set. */
    private void approve(Element request) throws Exception {
        Map<String, String> values = SurfaceHarness.formValues(request.element("x"));
        harness.deliver(SurfaceHarness.parse("<message from='" + ALICE + "' to='" + SurfaceHarness.SERVICE + "'>"
                + SurfaceHarness.submittedForm("http://jabber.org/protocol/pubsub#subscribe_authorization",
                        "pubsub#subid", values.get("pubsub#subid"), "pubsub#node", values.get("pubsub#node"),
                        "pubsub#subscriber_jid", values.get("pubsub#subscriber_jid"), "pubsub#allow", "true")
                + "</message>"));
    }

    /**
     * Sends an IQ and collects what the service sends until its reply, which is returned; {@code type}
     * the reply's expected type ("result" when null).
     */
    private Element iq(String type, String from, String child, String replyType) throws Exception {
        String id = "s" + (++ids);
        harness.deliver(SurfaceHarness.parse("<iq type='" + type + "' id='" + id + "' from='" + from + "' to='"
                + SurfaceHarness.SERVICE + "'>" + child + "</iq>"));
        Element reply = SurfaceHarness.parse(collectUntil("the reply to " + child,
                stanza -> stanza.startsWith("<iq") && (stanza.contains(" id=\"" + id + "\"")
                        || stanza.contains(" id='" + id + "'"))));
        assertThat(reply.attributeValue("type")).as(reply.asXML()).isEqualTo(replyType == null ? "result" : replyType);
        return reply;
    }

    private Element awaitMessageTo(String to, String containing) throws Exception {
        java.util.function.Predicate<String> wanted = stanza -> stanza.contains("to='" + to + "'")
                && stanza.contains(containing);
        String seen = sent.stream().filter(wanted).findFirst().orElse(null);
        return SurfaceHarness.parse(seen != null ? seen : collectUntil("a message to " + to + " with " + containing, wanted));
    }

    /** Collects what the service sends until a stanza matches (at most 100 others, 5 s each); returns it. */
    private String collectUntil(String what, java.util.function.Predicate<String> wanted) throws Exception {
        for (int others = 0; ; others++) {
            String stanza = harness.sent.poll(5, TimeUnit.SECONDS);
            assertThat(stanza).as(what).isNotNull();
            assertThat(others).as("stanzas before %s, the last: %s", what, stanza).isLessThan(100);
            sent.add(stanza);
            if (wanted.test(stanza)) {
                return stanza;
            }
        }
    }

    /** Whatever is still on its way (notifications leave after the replies). */
    private void drain() throws InterruptedException {
        String stanza;
        while ((stanza = harness.sent.poll(500, TimeUnit.MILLISECONDS)) != null) {
            sent.add(stanza);
        }
    }
}
