package org.pubsubserver.xmpp.notify;

import java.util.List;
import org.pubsubserver.core.model.Affiliation;
import org.pubsubserver.core.event.CollectionChanged;
import org.pubsubserver.core.model.Item;
import org.pubsubserver.core.model.Node;
import org.pubsubserver.core.model.Subscription;
import org.pubsubserver.xmpp.approval.AuthorizationForm;
import org.pubsubserver.xmpp.pubsub.NodeConfigForms;
import org.pubsubserver.xmpp.stanza.Namespaces;
import org.pubsubserver.xmpp.stanza.XmlWriter;
import org.xmpp.forms.DataForm;
import org.xmpp.packet.JID;

/**
 * The content of each kind of message the service sends, written once per event and shared by all its
 * recipients: the {@code <event/>} of XEP-0060 §7 and §8 per kind, and the elements beside it.
 */
public final class EventXml {

    private EventXml() {
    }

    /** §7.1.2.1 with payloads, §7.1.2.2 without; §7.1.2.3 the publisher when itemreply is "publisher". */
    public static String items(Node node, List<Item> items) {
        boolean payloads = node.config().deliverPayloads();
        boolean publisher = node.config().itemReplyToPublisher();
        XmlWriter xml = event(256).start("items").attribute("node", node.name());
        for (Item item : items) {
            xml.start("item").attribute("id", item.itemId());
            if (publisher) {
                xml.attribute("publisher", item.publisher().toString());
            }
            if (payloads && item.hasPayload()) {
                xml.raw(item.payloadXml());
            }
            xml.end();
        }
        return xml.end().end().toXml();
    }

    /** §7.2.2.1. */
    static String retractions(Node node, List<String> itemIds) {
        XmlWriter xml = event(128).start("items").attribute("node", node.name());
        for (String id : itemIds) {
            xml.start("retract").attribute("id", id).end();
        }
        return xml.end().end().toXml();
    }

    /**
     * XEP-0248 §notify: a node created in a collection ({@code <create node='child'/>}), or §notify-associate-dissociate:
     * {@code <collection node='collection'><associate node='child'/></collection>} (or dissociate).
     */
    static String collectionChange(String collection, String child, CollectionChanged.Change change) {
        XmlWriter xml = event(128);
        if (change == CollectionChanged.Change.CREATED) {
            return xml.start("create").attribute("node", child).end().end().toXml();
        }
        return xml.start("collection").attribute("node", collection)
                .start(change == CollectionChanged.Change.ASSOCIATED ? "associate" : "dissociate")
                .attribute("node", child).end().end().end().toXml();
    }

    /** §8.5.2: one purge notification, not a retraction per item. */
    static String purge(Node node) {
        return event(96).start("purge").attribute("node", node.name()).end().end().toXml();
    }

    /** §8.2.5.3: the new configuration as a form where the node delivers payloads, else only the node. */
    static String configuration(Node node) {
        XmlWriter xml = event(96).start("configuration").attribute("node", node.name());
        if (node.config().deliverPayloads()) {
            xml.raw(NodeConfigForms.form(node.config(), DataForm.Type.result).asXML());
        }
        return xml.end().end().toXml();
    }

    /** §8.4.2, with the replacement node's URI where the owner gave one (§8.4.1); {@code redirect} may be null. */
    static String deletion(Node node, String redirect) {
        XmlWriter xml = event(96).start("delete").attribute("node", node.name());
        if (redirect != null) {
            xml.start("redirect").attribute("uri", redirect).end();
        }
        return xml.end().end().toXml();
    }

    /** §13.14 (and §8.8.4): a subscription's new state. */
    static String subscription(Node node, Subscription subscription) {
        return event(160).start("subscription").attribute("node", node.name())
                .attribute("jid", subscription.jid().toString()).attribute("subscription", subscription.state().value())
                .attribute("subid", subscription.subId()).end().end().toXml();
    }

    /** §8.9.4: the entity's new affiliation, as in the owner's affiliations list. */
    static String affiliation(Node node, JID entity, Affiliation affiliation) {
        return new XmlWriter(160).start("pubsub").namespace(Namespaces.PUBSUB).start("affiliations")
                .attribute("node", node.name()).start("affiliation").attribute("jid", entity.toBareJID())
                .attribute("affiliation", affiliation.value()).end().end().end().toXml();
    }

    /** §8.6: a line for clients that do not show forms, and the subscribe_authorization form. */
    static String authorizationRequest(Node node, Subscription pending) {
        XmlWriter xml = new XmlWriter(1024).textElement("body", AuthorizationForm.bodyText(node.name(), pending));
        AuthorizationForm.write(xml, node.name(), pending);
        return xml.toXml();
    }

    /** XEP-0203: when the item was published, for an item sent after the fact (§6.1.7, last items on presence). */
    public static String delay(Item item) {
        return new XmlWriter(80).start("delay").namespace(Namespaces.DELAY).attribute("stamp", item.published().toString())
                .end().toXml();
    }

    /** The message body for include_body, or null where there is no text (see {@link NotificationBody}). */
    static String body(String text) {
        return text == null ? null : new XmlWriter(text.length() + 16).textElement("body", text).toXml();
    }

    private static XmlWriter event(int capacity) {
        return new XmlWriter(capacity).start("event").namespace(Namespaces.PUBSUB_EVENT);
    }
}
