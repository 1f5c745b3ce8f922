package org.pubsubserver.xmpp.notify;

import java.util.ArrayList;
import java.util.List;
import org.pubsubserver.core.model.Subscription;
import org.pubsubserver.xmpp.stanza.XmlWriter;

/**
 * The {@code <message/>} stanzas of one event, written up to the recipient's address once; per recipient only
 * the address, the body (for include_body) and the SubID headers are written (XEP-0060 §7.1.2.1, §7.1.2.4).
 * Used by one thread, for one event.
 */
final class Notifications {
    static final String SHIM = "http://jabber.org/protocol/shim";

    private final XmlWriter xml;
    private final XmlWriter.Mark toAddress;
    private final Notification notification;
    private final List<String> messages;

    /** {@code head}: a writer with {@code <message} and its attributes before {@code to} written. */
    Notifications(XmlWriter head, Notification notification, int expected) {
        this.xml = head;
        this.toAddress = head.mark();
        this.notification = notification;
        this.messages = new ArrayList<>(expected);
    }

    /** The message to one more recipient: body, event, delay, and SubID headers if it has several subscriptions. */
    Notifications add(Recipient recipient) {
        xml.rewind(toAddress).attribute("to", recipient.jid());
        // a JID with include_body on any of its subscriptions gets the body with every notification (§13.8)
        if (notification.bodyXml() != null && recipient.wantsBody()) {
            xml.raw(notification.bodyXml());
        }
        xml.raw(notification.eventXml());
        if (notification.delayXml() != null) {
            xml.raw(notification.delayXml());
        }
        boolean subIds = notification.subIds() == Notification.SubIds.WHERE_SEVERAL && recipient.hasSeveral();
        if (subIds || notification.collection() != null) {
            xml.start("headers").namespace(SHIM);
            if (notification.collection() != null) {
                // XEP-0248 §notify: the collection subscribed to, the event's node being below it
                xml.start("header").attribute("name", "Collection").text(notification.collection()).end();
            }
            if (subIds) {
                for (Subscription subscription : recipient.subscriptions()) {
                    xml.start("header").attribute("name", "SubID").text(subscription.subId()).end();
                }
            }
            xml.end();
        }
        messages.add(xml.end().toXml());
        return this;
    }

    /** The messages added, in order. */
    List<String> messages() {
        return messages;
    }
}
