package org.pubsubserver.xmpp.approval;

import org.pubsubserver.core.model.Subscription;
import org.pubsubserver.xmpp.stream.XmlEscaper;

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

    private AuthorizationForm() {
    }

    /** The {@code <x type='form'/>} asking whether to allow the pending subscription. */
    public static String formXml(String node, Subscription pending) {
        String jid = XmlEscaper.escape(pending.jid().toString());
        return "<x xmlns='jabber:x:data' type='form'>"
                + "<title>PubSub subscriber request</title>"
                + "<instructions>To approve this entity&apos;s subscription request, click the OK button. To deny the"
                + " request, click the cancel button.</instructions>"
                + "<field var='FORM_TYPE' type='hidden'><value>" + FORM_TYPE + "</value></field>"
                + "<field var='" + SUBID + "' type='hidden'><value>" + XmlEscaper.escape(pending.subId()) + "</value></field>"
                + "<field var='" + NODE + "' type='text-single' label='Node ID'><value>" + XmlEscaper.escape(node)
                + "</value></field>"
                + "<field var='" + SUBSCRIBER_JID + "' type='jid-single' label='Subscriber Address'><value>" + jid
                + "</value></field>"
                + "<field var='" + ALLOW + "' type='boolean' label='Allow this JID to subscribe to this pubsub node?'>"
                + "<value>false</value></field>"
                + "</x>";
    }

    /** A plain-text line for clients that do not show forms (§8.6 allows a body). */
    public static String bodyText(String node, Subscription pending) {
        return pending.jid().toBareJID() + " asks to subscribe to the pubsub node " + node
                + ". Submit the form with 'allow' set to approve, or cleared to deny.";
    }
}
