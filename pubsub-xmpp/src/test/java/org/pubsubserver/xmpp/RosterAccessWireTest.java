package org.pubsubserver.xmpp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pubsubserver.xmpp.SurfaceHarness.assertError;
import static org.pubsubserver.xmpp.SurfaceHarness.assertResult;
import static org.pubsubserver.xmpp.SurfaceHarness.parse;

import java.util.ArrayList;
import java.util.List;
import org.dom4j.Element;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.pubsubserver.xmpp.stanza.Namespaces;

/**
 * The presence and roster access models over XEP-0356: offered once the XMPP server grants roster access,
 * deciding from the roster the component asks the server for.
 */
class RosterAccessWireTest {
    private static final String ALICE = "alice@localhost/desk";
    private static final String BOB = "bob@localhost/phone";
    private static final String PUBSUB_NS = "xmlns='" + Namespaces.PUBSUB + "'";
    private static final String GRANT = "<message from='localhost' to='pubsub.localhost'><privilege xmlns='urn:xmpp:privilege:1'>"
            + "<perm type='none' access='message'/><perm type='get' access='roster'/><perm type='none' access='presence'/>"
            + "</privilege></message>";

    private final SurfaceHarness harness = new SurfaceHarness();

    @AfterEach
    void stop() {
        harness.close();
    }

    private List<String> features() throws Exception {
        List<String> features = new ArrayList<>();
        for (Element feature : harness.iq("get", BOB, "<query xmlns='" + Namespaces.DISCO_INFO + "'/>").element("query")
                .elements("feature")) {
            features.add(feature.attributeValue("var"));
        }
        return features;
    }

    private Element createPresenceNode() throws Exception {
        return harness.iq("set", ALICE, "<pubsub " + PUBSUB_NS + "><create node='mood'/><configure>"
                + "<x xmlns='jabber:x:data' type='submit'><field var='FORM_TYPE' type='hidden'>"
                + "<value>http://jabber.org/protocol/pubsub#node_config</value></field>"
                + "<field var='pubsub#access_model'><value>presence</value></field></x></configure></pubsub>");
    }

    @Test
    void notOfferedUntilTheServerGrantsRosterAccess() throws Exception {
        assertThat(features()).doesNotContain(Namespaces.PUBSUB + "#access-presence", Namespaces.PUBSUB + "#access-roster");
        assertError(createPresenceNode(), "modify", "not-acceptable", "unsupported-access-model");
        harness.deliver(parse(GRANT));
        assertThat(features()).contains(Namespaces.PUBSUB + "#access-presence", Namespaces.PUBSUB + "#access-roster");
        assertResult(createPresenceNode());
    }

    @Test
    void theOwnersRosterDecides_6_1_3_2() throws Exception {
        harness.deliver(parse(GRANT));
        assertResult(createPresenceNode());
        harness.deliver(parse("<iq type='set' id='s1' from='" + BOB + "' to='pubsub.localhost'><pubsub " + PUBSUB_NS
                + "><subscribe node='mood' jid='bob@localhost'/></pubsub></iq>"));
        // the component asks the XMPP server for the owner's roster (XEP-0356 §2.3)
        Element rosterGet = harness.next();
        assertThat(rosterGet.attributeValue("type")).isEqualTo("get");
        assertThat(rosterGet.attributeValue("to")).isEqualTo("alice@localhost");
        assertThat(rosterGet.element("query").getNamespaceURI()).isEqualTo("jabber:iq:roster");
        harness.deliver(parse("<iq type='result' id='" + rosterGet.attributeValue("id") + "' from='alice@localhost'"
                + " to='pubsub.localhost'><query xmlns='jabber:iq:roster'><item jid='bob@localhost' subscription='both'/>"
                + "<item jid='carol@localhost' subscription='to'/></query></iq>"));
        Element subscribed = harness.next();
        assertResult(subscribed);
        assertThat(subscribed.element("pubsub").element("subscription").attributeValue("subscription")).isEqualTo("subscribed");

        // carol's item is "to": alice does not share her presence with carol. The cached roster refuses her,
        // so it is read again first (it may have changed without a push): still "to", so she is refused
        harness.deliver(parse("<iq type='set' id='c1' from='carol@localhost/x' to='pubsub.localhost'><pubsub "
                + PUBSUB_NS + "><subscribe node='mood' jid='carol@localhost'/></pubsub></iq>"));
        answerRosterGet(harness, "<item jid='bob@localhost' subscription='both'/>"
                + "<item jid='carol@localhost' subscription='to'/>");
        assertError(harness.next(), "auth", "not-authorized", "presence-subscription-required");

        // a roster push (§2.4) is acknowledged and the next check asks again
        Element pushed = harness.iq("set", "alice@localhost", "<query xmlns='jabber:iq:roster'>"
                + "<item jid='carol@localhost' subscription='both'/></query>");
        assertResult(pushed);
        harness.deliver(parse("<iq type='set' id='s2' from='carol@localhost/x' to='pubsub.localhost'><pubsub "
                + PUBSUB_NS + "><subscribe node='mood' jid='carol@localhost'/></pubsub></iq>"));
        Element again = harness.next();
        assertThat(again.attributeValue("to")).isEqualTo("alice@localhost");
        harness.deliver(parse("<iq type='result' id='" + again.attributeValue("id") + "' from='alice@localhost'"
                + " to='pubsub.localhost'><query xmlns='jabber:iq:roster'><item jid='carol@localhost' subscription='both'/>"
                + "</query></iq>"));
        assertResult(harness.next());
    }

    /**
     * ejabberd 23.01 grants roster "get" and sends no roster pushes: carol is refused, alice adds her, and she
     * subscribes at once. The roster cached at her refusal would refuse her again: a refusal reads it again.
     */
    @Test
    void aRefusalReadsTheRosterAgainWhereNoPushToldOfAChange_6_1_3_2() throws Exception {
        harness.deliver(parse(GRANT));
        assertResult(createPresenceNode());
        harness.deliver(parse("<iq type='set' id='c1' from='carol@localhost/x' to='pubsub.localhost'><pubsub "
                + PUBSUB_NS + "><subscribe node='mood' jid='carol@localhost'/></pubsub></iq>"));
        answerRosterGet(harness, "<item jid='bob@localhost' subscription='both'/>");
        assertError(harness.next(), "auth", "not-authorized", "presence-subscription-required");

        // alice adds carol ("from": alice shares her presence); no push comes; carol asks again at once
        harness.deliver(parse("<iq type='set' id='c2' from='carol@localhost/x' to='pubsub.localhost'><pubsub "
                + PUBSUB_NS + "><subscribe node='mood' jid='carol@localhost'/></pubsub></iq>"));
        answerRosterGet(harness, "<item jid='bob@localhost' subscription='both'/>"
                + "<item jid='carol@localhost' subscription='from'/>");
        Element subscribed = harness.next();
        assertResult(subscribed);
        assertThat(subscribed.attributeValue("id")).isEqualTo("c2");
    }

    /** Answers the component's next request for alice's roster (XEP-0356 §2.3) with these items. */
    private static void answerRosterGet(SurfaceHarness on, String items) throws Exception {
        Element rosterGet = on.next();
        assertThat(rosterGet.attributeValue("to")).as(rosterGet.asXML()).isEqualTo("alice@localhost");
        assertThat(rosterGet.element("query").getNamespaceURI()).isEqualTo("jabber:iq:roster");
        on.deliver(parse("<iq type='result' id='" + rosterGet.attributeValue("id") + "' from='alice@localhost'"
                + " to='pubsub.localhost'><query xmlns='jabber:iq:roster'>" + items + "</query></iq>"));
    }

    @Test
    void aGrantFromAnotherDomainIsIgnored() throws Exception {
        harness.deliver(parse(GRANT.replace("from='localhost'", "from='evil.example'")));
        assertThat(features()).doesNotContain(Namespaces.PUBSUB + "#access-presence");
    }

    @Test
    void aRosterAnswerFromAnyoneButTheOwnerIsNotTaken() throws Exception {
        harness.deliver(parse(GRANT));
        assertResult(createPresenceNode());
        harness.deliver(parse("<iq type='set' id='s1' from='mallory@localhost/x' to='pubsub.localhost'><pubsub "
                + PUBSUB_NS + "><subscribe node='mood' jid='mallory@localhost'/></pubsub></iq>"));
        Element rosterGet = harness.next();
        // mallory answers in alice's place, listing herself: not taken
        harness.deliver(parse("<iq type='result' id='" + rosterGet.attributeValue("id") + "' from='mallory@localhost/x'"
                + " to='pubsub.localhost'><query xmlns='jabber:iq:roster'><item jid='mallory@localhost' subscription='both'/>"
                + "</query></iq>"));
        // the real answer: mallory is not alice's contact
        harness.deliver(parse("<iq type='result' id='" + rosterGet.attributeValue("id") + "' from='alice@localhost'"
                + " to='pubsub.localhost'><query xmlns='jabber:iq:roster'/></iq>"));
        assertError(harness.next(), "auth", "not-authorized", "presence-subscription-required");
    }
}
