package org.pubsubserver.xmpp;

import static org.assertj.core.api.Assertions.assertThat;

import org.dom4j.Element;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The IQ rules of RFC 6120 §8, through the whole surface as the link delivers stanzas. */
class IqRulesWireTest {
    private final SurfaceHarness harness = new SurfaceHarness();

    @AfterEach
    void close() {
        harness.close();
    }

    @Test
    void aPingWithoutAnIdGetsBadRequestWithoutAnId_rfc6120_8_1_3() throws Exception {
        harness.deliver(SurfaceHarness.parse("<iq type='get' from='juliet@localhost/balcony' to='pubsub.localhost'>"
                + "<ping xmlns='urn:xmpp:ping'/></iq>"));

        Element reply = harness.next();

        SurfaceHarness.assertError(reply, "modify", "bad-request", null);
        assertThat(reply.attribute("id")).isNull();
        assertThat(reply.attributeValue("to")).isEqualTo("juliet@localhost/balcony");
    }

    @Test
    void aCreateWithoutAnIdCreatesNothing_rfc6120_8_1_3() throws Exception {
        harness.deliver(SurfaceHarness.parse("<iq type='set' from='juliet@localhost/balcony' to='pubsub.localhost'>"
                + "<pubsub xmlns='http://jabber.org/protocol/pubsub'><create node='no-id'/></pubsub></iq>"));
        SurfaceHarness.assertError(harness.next(), "modify", "bad-request", null);

        Element items = harness.iq("get", "juliet@localhost/balcony",
                "<query xmlns='http://jabber.org/protocol/disco#items'/>");

        assertThat(items.element("query").elements()).isEmpty();
    }

    @Test
    void aGetWithTwoChildrenGetsBadRequestNotAResult_rfc6120_8_2_3() throws Exception {
        Element reply = harness.iq("get", "juliet@localhost/balcony",
                "<ping xmlns='urn:xmpp:ping'/><query xmlns='http://jabber.org/protocol/disco#info'/>");

        SurfaceHarness.assertError(reply, "modify", "bad-request", null);
        assertThat(harness.sent).isEmpty();
    }
}
