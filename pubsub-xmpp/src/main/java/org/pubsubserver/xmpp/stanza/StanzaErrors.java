package org.pubsubserver.xmpp.stanza;

import java.util.EnumMap;
import java.util.Map;
import org.dom4j.Element;
import org.pubsubserver.core.error.PubSubException;
import org.pubsubserver.core.error.StanzaCondition;
import org.xmpp.packet.IQ;
import org.xmpp.packet.JID;

/**
 * The one place error stanzas are built: each condition with the error type that XEP-0060's examples
 * give it (RFC 6120 §8.3.3 where the XEP has no example), plus the pubsub#errors condition where the use
 * case names one. The error element is written directly, since Tinder's condition enum lacks some of
 * RFC 6120's conditions (policy-violation).
 */
public final class StanzaErrors {
    private static final Map<StanzaCondition, String> TYPES = new EnumMap<>(StanzaCondition.class);

    static {
        TYPES.put(StanzaCondition.BAD_REQUEST, "modify");
        TYPES.put(StanzaCondition.CONFLICT, "cancel");
        TYPES.put(StanzaCondition.FEATURE_NOT_IMPLEMENTED, "cancel");
        TYPES.put(StanzaCondition.FORBIDDEN, "auth");
        TYPES.put(StanzaCondition.GONE, "cancel");
        TYPES.put(StanzaCondition.INTERNAL_SERVER_ERROR, "cancel");
        TYPES.put(StanzaCondition.ITEM_NOT_FOUND, "cancel");
        TYPES.put(StanzaCondition.JID_MALFORMED, "modify");
        TYPES.put(StanzaCondition.NOT_ACCEPTABLE, "modify");
        TYPES.put(StanzaCondition.NOT_ALLOWED, "cancel");
        TYPES.put(StanzaCondition.NOT_AUTHORIZED, "auth");
        // XEP-0060 §6.1.3.9 (too many subscriptions) uses "wait"
        TYPES.put(StanzaCondition.POLICY_VIOLATION, "wait");
        TYPES.put(StanzaCondition.RESOURCE_CONSTRAINT, "wait");
        TYPES.put(StanzaCondition.SERVICE_UNAVAILABLE, "cancel");
        TYPES.put(StanzaCondition.UNEXPECTED_REQUEST, "cancel");
    }

    private StanzaErrors() {
    }

    /** The error type that goes with a condition. */
    public static String typeOf(StanzaCondition condition) {
        return TYPES.get(condition);
    }

    /** The error reply to {@code request} for a refusal. */
    public static IQ reply(IQ request, PubSubException refusal) {
        IQ reply = new IQ(IQ.Type.error, request.getID());
        reply.setFrom(request.getTo());
        reply.setTo(request.getFrom());
        String type = refusal.errorType() != null ? refusal.errorType() : typeOf(refusal.condition());
        Element error = reply.getElement().addElement("error").addAttribute("type", type);
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
