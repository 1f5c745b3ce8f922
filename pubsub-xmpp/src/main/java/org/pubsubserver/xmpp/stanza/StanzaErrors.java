package org.pubsubserver.xmpp.stanza;

import java.util.EnumMap;
import java.util.Map;
import org.dom4j.Element;
import org.pubsubserver.core.error.PubSubException;
import org.pubsubserver.core.error.StanzaCondition;
import org.xmpp.packet.IQ;
import org.xmpp.packet.PacketError;

/**
 * The one place error stanzas are built: each condition with the error type that XEP-0060's examples
 * (and RFC 6120 §8.3.3) give it, plus the pubsub#errors condition where the use case names one.
 */
public final class StanzaErrors {
    private static final Map<StanzaCondition, PacketError.Type> TYPES = new EnumMap<>(StanzaCondition.class);

    static {
        TYPES.put(StanzaCondition.BAD_REQUEST, PacketError.Type.modify);
        TYPES.put(StanzaCondition.CONFLICT, PacketError.Type.cancel);
        TYPES.put(StanzaCondition.FEATURE_NOT_IMPLEMENTED, PacketError.Type.cancel);
        TYPES.put(StanzaCondition.FORBIDDEN, PacketError.Type.auth);
        TYPES.put(StanzaCondition.INTERNAL_SERVER_ERROR, PacketError.Type.wait);
        TYPES.put(StanzaCondition.ITEM_NOT_FOUND, PacketError.Type.cancel);
        TYPES.put(StanzaCondition.JID_MALFORMED, PacketError.Type.modify);
        TYPES.put(StanzaCondition.NOT_ACCEPTABLE, PacketError.Type.modify);
        TYPES.put(StanzaCondition.NOT_ALLOWED, PacketError.Type.cancel);
        TYPES.put(StanzaCondition.NOT_AUTHORIZED, PacketError.Type.auth);
        TYPES.put(StanzaCondition.POLICY_VIOLATION, PacketError.Type.wait);
        TYPES.put(StanzaCondition.RESOURCE_CONSTRAINT, PacketError.Type.wait);
        TYPES.put(StanzaCondition.SERVICE_UNAVAILABLE, PacketError.Type.cancel);
        TYPES.put(StanzaCondition.UNEXPECTED_REQUEST, PacketError.Type.cancel);
    }

    private StanzaErrors() {
    }

    /** The error type that goes with a condition. */
    public static PacketError.Type typeOf(StanzaCondition condition) {
        return TYPES.get(condition);
    }

    /** The error reply to {@code request} for a refusal. */
    public static IQ reply(IQ request, PubSubException refusal) {
        IQ reply = IQ.createResultIQ(request);
        reply.setType(IQ.Type.error);
        StanzaCondition condition = refusal.condition();
        PacketError error = new PacketError(PacketError.Condition.fromXMPP(condition.elementName()), typeOf(condition));
        if (refusal.pubSubCondition() != null) {
            error.setApplicationCondition(refusal.pubSubCondition().elementName(), Namespaces.PUBSUB_ERRORS);
            if (refusal.feature() != null) {
                Element app = error.getElement().element(refusal.pubSubCondition().elementName());
                app.addAttribute("feature", refusal.feature());
            }
        }
        reply.setError(error);
        return reply;
    }

    /** The error reply to {@code request} with a bare condition. */
    public static IQ reply(IQ request, StanzaCondition condition) {
        return reply(request, PubSubException.of(condition, condition.elementName()));
    }
}
