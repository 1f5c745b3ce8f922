package org.pubsubserver.xmpp.notify;

import java.util.Collection;
import java.util.List;
import org.pubsubserver.core.model.NodeConfig;
import org.pubsubserver.xmpp.stanza.XmlWriter;
import org.xmpp.packet.JID;

/**
 * The {@code <message/>} stanzas the service sends of its own accord: from the service's address, each with an
 * id from one random prefix chosen once and a counter (no SecureRandom read per message: this may run on an
 * event loop).
 */
final class Messages {
    private final String serviceJid;
    private final MessageIds ids = new MessageIds();

    Messages(JID serviceJid) {
        this.serviceJid = serviceJid.toString();
    }

    /**
     * The notifications of one event, to be added per recipient: all share one id; the type is the node's
     * notification_type ({@code headline}, or none for {@code normal}).
     */
    Notifications notifications(NodeConfig config, Notification notification, int expected) {
        XmlWriter head = new XmlWriter(notification.eventXml().length() + 256).start("message")
                .attribute("from", serviceJid);
        if ("headline".equals(config.notificationType())) {
            head.attribute("type", "headline");
        }
        return new Notifications(head.attribute("id", ids.next()), notification, expected);
    }

    /** The notifications of one event to each of the recipients. */
    List<String> notifications(NodeConfig config, Notification notification, Collection<Recipient> recipients) {
        Notifications messages = notifications(config, notification, recipients.size());
        for (Recipient recipient : recipients) {
            messages.add(recipient);
        }
        return messages.messages();
    }

    /** A message about subscriptions or affiliations to one address, with its own id. */
    String message(String to, String contentXml) {
        return new XmlWriter(contentXml.length() + 128).start("message").attribute("from", serviceJid)
                .attribute("to", to).attribute("id", ids.next()).raw(contentXml).end().toXml();
    }
}
