package org.pubsubserver.xmpp.notify;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.pubsubserver.core.event.ItemsPublished;
import org.pubsubserver.core.event.ItemsRetracted;
import org.pubsubserver.core.event.NodeDeleted;
import org.pubsubserver.core.event.PubSubEvent;
import org.pubsubserver.core.event.PubSubEventListener;
import org.pubsubserver.core.model.Item;
import org.pubsubserver.core.model.Subscription;
import org.pubsubserver.core.model.SubscriptionState;
import org.pubsubserver.xmpp.stanza.Namespaces;
import org.pubsubserver.xmpp.stanza.StanzaOutput;
import org.pubsubserver.xmpp.stream.XmlEscaper;
import org.xmpp.packet.JID;

/**
 * Turns committed events into {@code <message/>} notifications (XEP-0060 §7.1.2.1, §7.2.2.1, §8.4.2). The
 * {@code <event/>} is serialized once per event; per subscriber only the address changes.
 */
public final class EventNotifier implements PubSubEventListener {
    private final String serviceJid;
    private final StanzaOutput output;

    public EventNotifier(JID serviceJid, StanzaOutput output) {
        this.serviceJid = XmlEscaper.escape(serviceJid.toString());
        this.output = output;
    }

    @Override
    public void onEvent(PubSubEvent event) {
        if (event instanceof ItemsPublished published) {
            send(published.subscribers(), itemsEvent(published));
        } else if (event instanceof ItemsRetracted retracted) {
            if (retracted.notifySubscribers() && !retracted.itemIds().isEmpty()) {
                send(retracted.subscribers(), retractEvent(retracted));
            }
        } else if (event instanceof NodeDeleted deleted) {
            send(deleted.subscribers(), "<event xmlns='" + Namespaces.PUBSUB_EVENT + "'><delete node='"
                    + XmlEscaper.escape(deleted.node().name()) + "'/></event>");
        }
    }

    private static String itemsEvent(ItemsPublished published) {
        boolean payloads = published.node().config().deliverPayloads();
        StringBuilder xml = new StringBuilder(256).append("<event xmlns='").append(Namespaces.PUBSUB_EVENT)
                .append("'><items node='").append(XmlEscaper.escape(published.node().name())).append("'>");
        for (Item item : published.items()) {
            xml.append("<item id='").append(XmlEscaper.escape(item.itemId())).append("'");
            if (payloads && item.hasPayload()) {
                xml.append('>').append(item.payloadXml()).append("</item>");
            } else {
                xml.append("/>");
            }
        }
        return xml.append("</items></event>").toString();
    }

    /** XEP-0060 §7.2.2.1. */
    private static String retractEvent(ItemsRetracted retracted) {
        StringBuilder xml = new StringBuilder(128).append("<event xmlns='").append(Namespaces.PUBSUB_EVENT)
                .append("'><items node='").append(XmlEscaper.escape(retracted.node().name())).append("'>");
        for (String id : retracted.itemIds()) {
            xml.append("<retract id='").append(XmlEscaper.escape(id)).append("'/>");
        }
        return xml.append("</items></event>").toString();
    }

    private void send(List<Subscription> subscriptions, String eventXml) {
        Set<String> recipients = new LinkedHashSet<>();
        for (Subscription subscription : subscriptions) {
            if (subscription.state() == SubscriptionState.SUBSCRIBED) {
                recipients.add(subscription.jid().toString());
            }
        }
        if (recipients.isEmpty()) {
            return;
        }
        String head = "<message from='" + serviceJid + "' id='" + UUID.randomUUID() + "' to='";
        for (String recipient : recipients) {
            output.send(head + XmlEscaper.escape(recipient) + "'>" + eventXml + "</message>");
        }
    }
}
