package org.pubsubserver.xmpp.notify;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.time.Duration;
import java.util.function.Supplier;
import org.pubsubserver.core.config.SubscriptionOptionField;
import org.pubsubserver.core.event.ItemsPublished;
import org.pubsubserver.core.event.ItemsRetracted;
import org.pubsubserver.core.event.NodeConfigured;
import org.pubsubserver.core.event.NodeDeleted;
import org.pubsubserver.core.event.NodePurged;
import org.pubsubserver.core.event.PubSubEvent;
import org.pubsubserver.core.event.PubSubEventListener;
import org.pubsubserver.core.event.Subscribed;
import org.pubsubserver.core.model.Item;
import org.pubsubserver.core.model.Node;
import org.pubsubserver.core.model.NodeConfig;
import org.pubsubserver.core.model.Subscription;
import org.pubsubserver.core.model.SubscriptionState;
import org.pubsubserver.core.usecase.LastItemsOnPresence;
import org.pubsubserver.xmpp.presence.PresenceTracker;
import org.pubsubserver.xmpp.pubsub.NodeConfigForms;
import org.pubsubserver.xmpp.stanza.Namespaces;
import org.pubsubserver.xmpp.stanza.StanzaOutput;
import org.pubsubserver.xmpp.stream.XmlEscaper;
import org.xmpp.forms.DataForm;
import org.xmpp.packet.JID;

/**
 * Turns committed events into {@code <message/>} notifications (XEP-0060 §7.1.2.1, §7.2.2.1, §8.4.2). The
 * {@code <event/>} is serialized once per event; per subscriber only the address changes.
 */
public final class EventNotifier implements PubSubEventListener {
    static final String SHIM = "http://jabber.org/protocol/shim";
    /** The feature the notifier brings: presence-based delivery (presence_based_delivery, show-values). */
    public static final String PRESENCE_FEATURE = "presence-notifications";

    /**
     * Whether a subscription is to be notified: subscribed, with pubsub#deliver on; if the node has
     * presence_based_delivery, only while its JID is available; if it names show-values, only while its
     * JID's presence is one of them (§17.4.2, §17.4.4). With {@code pendingToo} a pending subscription counts
     * as well (a node's deletion is told to pending subscribers, §8.4.2).
     */
    private boolean wanted(NodeConfig config, Subscription subscription, boolean pendingToo) {
        boolean told = subscription.state() == SubscriptionState.SUBSCRIBED
                || pendingToo && subscription.state() == SubscriptionState.PENDING;
        if (!told || !subscription.options().deliver()) {
            return false;
        }
        if (config.presenceBasedDelivery() && !presence.isAvailable(subscription.jid())) {
            return false;
        }
        if (subscription.options().value(SubscriptionOptionField.SHOW_VALUES).isEmpty()) {
            return true; // no filter by presence: the common case, without a list per subscriber and event
        }
        List<String> showValues = subscription.options().showValues();
        return presence.shows(subscription.jid()).stream().anyMatch(showValues::contains);
    }

    private final String serviceJid;
    private final StanzaOutput output;
    private final PresenceTracker presence;
    private final DigestBuffer digests;
    private final MessageIds messageIds = new MessageIds();

    public EventNotifier(JID serviceJid, StanzaOutput output, PresenceTracker presence, Scheduler scheduler) {
        this.serviceJid = XmlEscaper.escape(serviceJid.toString());
        this.output = output;
        this.presence = presence;
        this.digests = new DigestBuffer(scheduler, this::sendDigest);
    }

    /** A digest is due: its items in one notification (pubsub#digest). */
    private void sendDigest(DigestBuffer.Digest digest) {
        NodeConfig config = digest.node().config();
        String eventXml = itemsEvent(digest.node(), digest.items());
        String body = bodyElement(digest.subscriptions(), () -> NotificationBody.of(digest.items()));
        output.send(message(digest.recipient(), digest.subscriptions(), eventXml, "", true, body,
                head(config)));
    }

    /**
     * send_last_published_item = on_sub_and_presence: the items due to {@code available}, which has just
     * come online, each stamped as delayed.
     */
    public void sendLastItems(JID available, List<LastItemsOnPresence.Due> due) {
        for (LastItemsOnPresence.Due item : due) {
            NodeConfig config = item.node().config();
            if (!config.deliverNotifications()) {
                continue;
            }
            Subscription toThisResource = new Subscription(item.subscription().node(), available,
                    item.subscription().subId(), item.subscription().state(), item.subscription().options());
            send(config, List.of(toThisResource), itemsEvent(item.node(), List.of(item.item())), delay(item.item()),
                    false, () -> NotificationBody.of(List.of(item.item())));
        }
    }

    private static String delay(Item item) {
        return "<delay xmlns='urn:xmpp:delay' stamp='" + item.published() + "'/>";
    }

    @Override
    public void onEvent(PubSubEvent event) {
        NodeConfig config = event.node().config();
        if (event instanceof ItemsPublished published) {
            if (config.deliverNotifications()) {
                sendItems(published);
            }
        } else if (event instanceof Subscribed subscribed) {
            if (config.deliverNotifications() && subscribed.lastItem() != null) {
                // §6.1.7: the last published item, stamped as delayed (XEP-0203)
                Item last = subscribed.lastItem();
                send(config, List.of(subscribed.subscription()), itemsEvent(subscribed.node(), List.of(last)),
                        delay(last), false, () -> NotificationBody.of(List.of(last)));
            }
        } else if (event instanceof ItemsRetracted retracted) {
            if (config.deliverNotifications() && retracted.notifySubscribers() && !retracted.itemIds().isEmpty()) {
                send(config, retracted.subscribers(), retractEvent(retracted), "", true, () -> null);
            }
        } else if (event instanceof NodePurged purged) {
            // §8.5.2: one purge notification, not a retraction per item
            send(config, purged.subscribers(), "<event xmlns='" + Namespaces.PUBSUB_EVENT + "'><purge node='"
                    + XmlEscaper.escape(purged.node().name()) + "'/></event>", "", false, () -> null);
        } else if (event instanceof NodeConfigured configured && configured.notifySubscribers()) {
            send(config, configured.subscribers(), configurationEvent(configured), "", false, () -> null);
        } else if (event instanceof NodeDeleted deleted) {
            if (config.notifyDelete()) {
                // "Inclusion of SHIM Headers": none where the content does not differ by subscription;
                // §8.4.2: pending subscribers are told too
                send(config, deleted.subscribers(), deleteEvent(deleted), "", false, () -> null, true);
            }
        }
    }

    /** §7.1.2.1 with payloads, §7.1.2.2 without; §7.1.2.3 the publisher when itemreply is "publisher". */
    private static String itemsEvent(Node node, List<Item> items) {
        boolean payloads = node.config().deliverPayloads();
        boolean publisher = node.config().itemReplyToPublisher();
        StringBuilder xml = new StringBuilder(256).append("<event xmlns='").append(Namespaces.PUBSUB_EVENT)
                .append("'><items node='").append(XmlEscaper.escape(node.name())).append("'>");
        for (Item item : items) {
            xml.append("<item id='").append(XmlEscaper.escape(item.itemId())).append("'");
            if (publisher) {
                xml.append(" publisher='").append(XmlEscaper.escape(item.publisher().toString())).append("'");
            }
            if (payloads && item.hasPayload()) {
                xml.append('>').append(item.payloadXml()).append("</item>");
            } else {
                xml.append("/>");
            }
        }
        return xml.append("</items></event>").toString();
    }

    /** §8.2.5.3: the new configuration as a form where the node delivers payloads, else only the node. */
    private static String configurationEvent(NodeConfigured configured) {
        String node = XmlEscaper.escape(configured.node().name());
        if (!configured.node().config().deliverPayloads()) {
            return "<event xmlns='" + Namespaces.PUBSUB_EVENT + "'><configuration node='" + node + "'/></event>";
        }
        String form = NodeConfigForms.form(configured.node().config(), DataForm.Type.result).asXML();
        return "<event xmlns='" + Namespaces.PUBSUB_EVENT + "'><configuration node='" + node + "'>" + form
                + "</configuration></event>";
    }

    /** §8.4.2, with the replacement node's URI where the owner gave one (§8.4.1). */
    private static String deleteEvent(NodeDeleted deleted) {
        String node = XmlEscaper.escape(deleted.node().name());
        if (deleted.redirect() == null) {
            return "<event xmlns='" + Namespaces.PUBSUB_EVENT + "'><delete node='" + node + "'/></event>";
        }
        return "<event xmlns='" + Namespaces.PUBSUB_EVENT + "'><delete node='" + node + "'><redirect uri='"
                + XmlEscaper.escape(deleted.redirect()) + "'/></delete></event>";
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

    /**
     * One message per subscribed JID (§6.1.6) with pubsub#deliver on, however many subscriptions it has,
     * with {@code extra} after the event and a body for include_body subscribers; with {@code subIdHeaders},
     * a JID with several subscriptions gets their SubIDs as SHIM headers, last in the message (§7.1.2.4,
     * §7.2.2.2, XEP-0131). All messages of one event share one id; the type is the node's notification_type.
     */
    private void send(NodeConfig config, List<Subscription> subscriptions, String eventXml, String extra,
                      boolean subIdHeaders, Supplier<String> bodyText) {
        send(config, subscriptions, eventXml, extra, subIdHeaders, bodyText, false);
    }

    /** As above; with {@code pendingToo} pending subscriptions are told as well. */
    private void send(NodeConfig config, List<Subscription> subscriptions, String eventXml, String extra,
                      boolean subIdHeaders, Supplier<String> bodyText, boolean pendingToo) {
        Map<String, List<Subscription>> byJid = wantedByJid(config, subscriptions, pendingToo);
        if (byJid.isEmpty()) {
            return;
        }
        String body = bodyElement(subscriptions, bodyText);
        String head = head(config);
        List<String> messages = new ArrayList<>(byJid.size());
        byJid.forEach((recipient, own) -> messages.add(message(recipient, own, eventXml, extra, subIdHeaders,
                body, head)));
        output.sendAll(messages);
    }

    /**
     * Item notifications: a JID whose every notified subscription asks for digests gets the items
     * collected into a digest (sent after the shortest of their digest_frequency); the others now.
     */
    private void sendItems(ItemsPublished published) {
        NodeConfig config = published.node().config();
        Map<String, List<Subscription>> byJid = wantedByJid(config, published.subscribers(), false);
        if (byJid.isEmpty()) {
            return;
        }
        String eventXml = null;
        String body = null;
        String head = head(config);
        List<String> messages = new ArrayList<>(byJid.size());
        for (Map.Entry<String, List<Subscription>> entry : byJid.entrySet()) {
            List<Subscription> own = entry.getValue();
            if (own.stream().allMatch(s -> s.options().digest())) {
                Duration frequency = own.stream().map(s -> s.options().digestFrequency()).min(Duration::compareTo)
                        .orElseThrow();
                digests.add(published.node(), entry.getKey(), own, published.items(), frequency);
                continue;
            }
            if (eventXml == null) {
                eventXml = itemsEvent(published.node(), published.items());
                body = bodyElement(published.subscribers(), () -> NotificationBody.of(published.items()));
            }
            messages.add(message(entry.getKey(), own, eventXml, "", true, body, head));
        }
        output.sendAll(messages);
    }

    private Map<String, List<Subscription>> wantedByJid(NodeConfig config, List<Subscription> subscriptions,
                                                        boolean pendingToo) {
        Map<String, List<Subscription>> byJid = new LinkedHashMap<>();
        for (Subscription subscription : subscriptions) {
            if (wanted(config, subscription, pendingToo)) {
                byJid.computeIfAbsent(subscription.jid().toString(), jid -> new ArrayList<>(1)).add(subscription);
            }
        }
        return byJid;
    }

    /** The {@code <body/>} element when any of the subscriptions asks for one and the payload has a text. */
    private static String bodyElement(List<Subscription> subscriptions, Supplier<String> bodyText) {
        if (subscriptions.stream().noneMatch(s -> s.options().includeBody())) {
            return null;
        }
        String text = bodyText.get();
        return text == null ? null : "<body>" + XmlEscaper.escape(text) + "</body>";
    }

    /**
     * The start of a notification message up to the recipient's address; one id per event, from a random
     * prefix chosen once and a counter (no SecureRandom read per message: this may run on an event loop).
     */
    private String head(NodeConfig config) {
        String type = "headline".equals(config.notificationType()) ? " type='headline'" : "";
        return "<message from='" + serviceJid + "'" + type + " id='" + messageIds.next() + "' to='";
    }

    /** The message to one recipient: body (for include_body), event, extra, and SubID headers if it has several. */
    private static String message(String recipient, List<Subscription> own, String eventXml, String extra,
                                  boolean subIdHeaders, String bodyElement, String head) {
        StringBuilder message = new StringBuilder(head.length() + eventXml.length() + 64).append(head)
                .append(XmlEscaper.escape(recipient)).append("'>");
        // a JID with include_body on any of its subscriptions gets the body with every notification (13.8)
        if (bodyElement != null && own.stream().anyMatch(s -> s.options().includeBody())) {
            message.append(bodyElement);
        }
        message.append(eventXml).append(extra);
        if (subIdHeaders && own.size() > 1) {
            message.append("<headers xmlns='").append(SHIM).append("'>");
            for (Subscription subscription : own) {
                message.append("<header name='SubID'>").append(XmlEscaper.escape(subscription.subId())).append("</header>");
            }
            message.append("</headers>");
        }
        return message.append("</message>").toString();
    }
}
