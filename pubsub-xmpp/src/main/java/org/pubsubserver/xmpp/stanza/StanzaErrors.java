package org.pubsubserver.xmpp.stanza;

import org.dom4j.Element;
import org.pubsubserver.core.error.PubSubException;
import org.pubsubserver.core.error.StanzaCondition;
import org.xmpp.packet.IQ;
import org.xmpp.packet.JID;

/**
 * The one place error stanzas are built: each condition with the error type it carries (the table is
 * {@link StanzaCondition}), plus the pubsub#errors condition where the use case names one. The error element
 * is written directly, since Tinder's condition enum lacks some of RFC 6120's conditions (policy-violation).
 */
public final class StanzaErrors {
    private StanzaErrors() {
    }

    /** The error type that goes with a condition (the table is {@link StanzaCondition}). */
    public static String typeOf(StanzaCondition condition) {
        return condition.type().value();
    }

    /** The error reply to {@code request} for a refusal. */
    public static IQ reply(IQ request, PubSubException refusal) {
        IQ reply = new IQ(IQ.Type.error, request.getID());
        reply.setFrom(request.getTo());
        reply.setTo(request.getFrom());
        Element error = reply.getElement().addElement("error").addAttribute("type", typeOf(refusal.condition()));
        Element condition = error.addElement(refusal.condition().elementName(), Namespaces.STANZAS);
        if (refusal.conditionText() != null) {
            condition.setText(refusal.conditionText());
        }
        if (refusal.pubSubCondition() != null) {
            Element app = error.addElement(refusal.pubSubCondition().elementName(), Namespaces.PUBSUB_ERRORS);
            if (refusal.feature() != null) {
                app.addAttribute("feature", refusal.feature());
            }
        }
        return reply;
    }

    /**
     * The error reply with {@code payload} before the error, for errors that return what could not be done
     * (XEP-0060 §8.8.2.4, §8.9.2.4).
     */
    public static IQ replyWith(IQ request, PubSubException refusal, Element payload) {
        IQ reply = reply(request, refusal);
        Element error = reply.getElement().element("error");
        reply.getElement().remove(error);
        reply.getElement().add(payload);
        reply.getElement().add(error);
        return reply;
    }

    /** The error reply to {@code request} with a bare condition. */
    public static IQ reply(IQ request, StanzaCondition condition) {
        return reply(request, PubSubException.of(condition, condition.elementName()));
    }

    /**
     * The error answer to a {@code <message/>} (one that has a {@code from}): the condition and a text saying
     * why, addressed back to its sender and carrying its id if it has one.
     */
    public static String messageError(Element message, StanzaCondition condition, String text) {
        XmlWriter xml = new XmlWriter().start("message").attribute("type", "error")
                .attribute("from", message.attributeValue("to")).attribute("to", message.attributeValue("from"));
        String id = message.attributeValue("id");
        if (id != null) {
            xml.attribute("id", id);
        }
        return xml.start("error").attribute("type", typeOf(condition))
                .start(condition.elementName()).namespace(Namespaces.STANZAS).end()
                .start("text").namespace(Namespaces.STANZAS).text(text).end()
                .end().end().toXml();
    }

    /**
     * A {@code bad-request} answer to an IQ whose type is not one of RFC 6120's four (§8.2.3), built from
     * the raw element because such an IQ cannot be read as a Tinder packet.
     */
    public static IQ badType(Element iq, JID from, JID to) {
        IQ reply = new IQ(IQ.Type.error, iq.attributeValue("id"));
        reply.setFrom(to);
        reply.setTo(from);
        Element error = reply.getElement().addElement("error").addAttribute("type", typeOf(StanzaCondition.BAD_REQUEST));
        error.addElement(StanzaCondition.BAD_REQUEST.elementName(), Namespaces.STANZAS);
        return reply;
    }
}
