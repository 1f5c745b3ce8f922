package org.pubsubserver.xmpp.pubsub;

import org.dom4j.Element;
import org.pubsubserver.core.error.PubSubCondition;
import org.pubsubserver.core.error.PubSubException;
import org.pubsubserver.core.error.StanzaCondition;
import org.xmpp.packet.JID;

/** Reading the attributes every action has, with the XEP's errors when they are missing or wrong. */
final class ActionElements {
    /** The longest node name and item id the store keeps. */
    static final int MAX_ID_LENGTH = 1024;

    private ActionElements() {
    }

    /** {@code not-acceptable} for a node name or item id longer than the service keeps. */
    static String requireAcceptableId(String id, String what) {
        if (id != null && id.length() > MAX_ID_LENGTH) {
            throw PubSubException.of(StanzaCondition.NOT_ACCEPTABLE,
                    what + " longer than " + MAX_ID_LENGTH + " characters is not accepted");
        }
        return id;
    }

    /** The {@code node} attribute, or {@code bad-request} + {@code nodeid-required}. */
    static String requireNode(Element action) {
        String node = action.attributeValue("node");
        if (node == null || node.isEmpty()) {
            throw PubSubException.of(StanzaCondition.BAD_REQUEST, PubSubCondition.NODEID_REQUIRED,
                    "<" + action.getName() + "/> needs a node attribute");
        }
        return requireAcceptableId(node, "a node name");
    }

    /** The {@code jid} attribute, or {@code bad-request} + {@code jid-required} / {@code invalid-jid}. */
    static JID requireJid(Element action) {
        String jid = action.attributeValue("jid");
        if (jid == null || jid.isEmpty()) {
            throw PubSubException.of(StanzaCondition.BAD_REQUEST, PubSubCondition.JID_REQUIRED,
                    "<" + action.getName() + "/> needs a jid attribute");
        }
        try {
            return new JID(jid);
        } catch (IllegalArgumentException e) {
            throw PubSubException.of(StanzaCondition.BAD_REQUEST, PubSubCondition.INVALID_JID, "invalid JID " + jid);
        }
    }

    /** The {@code <pubsub/>} element of a result IQ. */
    static Element resultPubSub(org.xmpp.packet.IQ result, String namespace) {
        return result.setChildElement("pubsub", namespace);
    }

    /** A subscription as the entity's own requests show it (§5.6, §6.1.2, §6.2.2): node, JID, state and subid. */
    static Element addSubscription(Element parent, org.pubsubserver.core.model.Subscription subscription) {
        return parent.addElement("subscription")
                .addAttribute("node", subscription.node())
                .addAttribute("jid", subscription.jid().toString())
                .addAttribute("subscription", subscription.state().value())
                .addAttribute("subid", subscription.subId());
    }
}
