package org.pubsubserver.xmpp.approval;

import org.pubsubserver.core.model.Subscription;
import org.pubsubserver.xmpp.stanza.XmlWriter;

/**
 * The subscription authorization form of XEP-0060 §8.6 (FORM_TYPE
 * {@code http://jabber.org/protocol/pubsub#subscribe_authorization}, §17.4.1), sent to an owner in a message.
 */
public final class AuthorizationForm {
    public static final String FORM_TYPE = "http://jabber.org/protocol/pubsub#subscribe_authorization";
    static final String SUBID = "pubsub#subid";
    static final String NODE = "pubsub#node";
    static final String SUBSCRIBER_JID = "pubsub#subscriber_jid";
    static final String ALLOW = "pubsub#allow";
    private static final String DATA_FORMS = "jabber:x:data";

    private AuthorizationForm() {
    }

    /** Writes the {@code <x type='form'/>} asking whether to allow the pending subscription. */
    public static void write(XmlWriter xml, String node, Subscription pending) {
        xml.start("x").namespace(DATA_FORMS).attribute("type", "form")
                .textElement("title", "PubSub subscriber request")
                .textElement("instructions", "To approve this entity's subscription request, click the OK button."
                        + " To deny the request, click the cancel button.");
        field(xml, "FORM_TYPE", "hidden", null, FORM_TYPE);
        field(xml, SUBID, "hidden", null, pending.subId());
        field(xml, NODE, "text-single", "Node ID", node);
        field(xml, SUBSCRIBER_JID, "jid-single", "Subscriber Address", pending.jid().toString());
        field(xml, ALLOW, "boolean", "Allow this JID to subscribe to this pubsub node?", "false");
        xml.end();
    }

    /** One field with its value; {@code label} may be null. */
    private static void field(XmlWriter xml, String var, String type, String label, String value) {
        xml.start("field").attribute("var", var).attribute("type", type);
        if (label != null) {
            xml.attribute("label", label);
        }
        xml.textElement("value", value).end();
    }

    /** A plain-text line for clients that do not show forms (§8.6 allows a body). */
    public static String bodyText(String node, Subscription pending) {
        return pending.jid().toBareJID() + " asks to subscribe to the pubsub node " + node
                + ". Submit the form with 'allow' set to approve, or cleared to deny.";
    }
}
