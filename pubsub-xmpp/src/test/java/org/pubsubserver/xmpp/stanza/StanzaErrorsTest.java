package org.pubsubserver.xmpp.stanza;

import static org.assertj.core.api.Assertions.assertThat;

import org.dom4j.DocumentHelper;
import org.dom4j.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.pubsubserver.core.error.PubSubCondition;
import org.pubsubserver.core.error.PubSubException;
import org.pubsubserver.core.error.StanzaCondition;
import org.xmpp.packet.IQ;
import org.xmpp.packet.JID;

/** RFC 6120 §8.3: every condition the engine can raise becomes a well-formed error reply. */
class StanzaErrorsTest {
    private static IQ request() {
        IQ iq = new IQ(IQ.Type.set, "e1");
        iq.setFrom(new JID("alice@localhost/a"));
        iq.setTo(new JID("pubsub.localhost"));
        iq.setChildElement("pubsub", Namespaces.PUBSUB);
        return iq;
    }

    @ParameterizedTest
    @EnumSource(StanzaCondition.class)
    void everyConditionBuildsAnErrorWithItsType(StanzaCondition condition) throws Exception {
        IQ reply = StanzaErrors.reply(request(), PubSubException.of(condition, PubSubCondition.UNSUPPORTED, "x"));
        Element parsed = DocumentHelper.parseText(reply.toXML()).getRootElement();
        assertThat(parsed.attributeValue("type")).isEqualTo("error");
        assertThat(parsed.attributeValue("id")).isEqualTo("e1");
        assertThat(parsed.attributeValue("to")).isEqualTo("alice@localhost/a");
        assertThat(parsed.attributeValue("from")).isEqualTo("pubsub.localhost");
        Element error = parsed.element("error");
        assertThat(error.attributeValue("type")).isIn("auth", "cancel", "continue", "modify", "wait");
        assertThat(error.element(condition.elementName()).getNamespaceURI()).isEqualTo(Namespaces.STANZAS);
        assertThat(error.element("unsupported").getNamespaceURI()).isEqualTo(Namespaces.PUBSUB_ERRORS);
    }

    @ParameterizedTest
    @EnumSource(StanzaCondition.class)
    void everyConditionHasAType(StanzaCondition condition) {
        assertThat(StanzaErrors.typeOf(condition)).isNotNull();
    }

    /** XEP-0060 §8.6: an owner's answer that cannot be applied is answered with a message error and the reason. */
    @Test
    void aMessageIsAnsweredWithItsConditionTextAndId_8_6() throws Exception {
        Element answer = DocumentHelper.parseText("<message from='alice@localhost/a' to='pubsub.localhost' id='m&amp;1'/>")
                .getRootElement();
        assertThat(StanzaErrors.messageError(answer, StanzaCondition.FORBIDDEN, "only an <owner> may answer"))
                .isEqualTo("<message type='error' from='pubsub.localhost' to='alice@localhost/a' id='m&amp;1'>"
                        + "<error type='auth'><forbidden xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>"
                        + "<text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>only an &lt;owner&gt; may answer</text>"
                        + "</error></message>");
        answer.remove(answer.attribute("id"));
        assertThat(StanzaErrors.messageError(answer, StanzaCondition.BAD_REQUEST, ""))
                .isEqualTo("<message type='error' from='pubsub.localhost' to='alice@localhost/a'><error type='modify'>"
                        + "<bad-request xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>"
                        + "<text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'></text></error></message>");
    }
}
