package org.pubsubserver.xmpp.notify;

import org.pubsubserver.core.event.AffiliationChanged;
import org.pubsubserver.core.event.PubSubEvent;
import org.pubsubserver.core.event.PubSubEventListener;
import org.pubsubserver.core.event.SubscriptionChanged;
import org.pubsubserver.core.event.SubscriptionRequested;
import org.pubsubserver.core.model.Subscription;
import org.pubsubserver.xmpp.approval.AuthorizationForm;
import org.pubsubserver.xmpp.stanza.Namespaces;
import org.pubsubserver.xmpp.stanza.StanzaOutput;
import org.pubsubserver.xmpp.stream.XmlEscaper;
import org.xmpp.packet.JID;

/**
 * Messages about subscriptions and affiliations, as opposed to items: the approval request to owners
 * (XEP-0060 §8.6), the notification of a subscription state change to the subscriber (§13.14, §8.8.4) and,
 * with notify_sub, to the owners, and of an affiliation change to the entity (§8.9.4).
 */
public final class SubscriptionNotifier implements PubSubEventListener {
    /** The feature this notifier brings (§13.14). */
    public static final String FEATURE = "subscription-notifications";

    private final String serviceJid;
    private final StanzaOutput output;
    private final MessageIds messageIds = new MessageIds();

    public SubscriptionNotifier(JID serviceJid, StanzaOutput output) {
        this.serviceJid = XmlEscaper.escape(serviceJid.toString());
        this.output = output;
    }

    @Override
    public void onEvent(PubSubEvent event) {
        if (event instanceof SubscriptionRequested requested) {
            String node = requested.node().name();
            String content = "<body>" + XmlEscaper.escape(AuthorizationForm.bodyText(node, requested.pending())) + "</body>"
                    + AuthorizationForm.formXml(node, requested.pending());
            for (JID owner : requested.owners()) {
                send(owner.toString(), content);
            }
        } else if (event instanceof SubscriptionChanged changed) {
            Subscription subscription = changed.subscription();
            String content = "<event xmlns='" + Namespaces.PUBSUB_EVENT + "'><subscription node='"
                    + XmlEscaper.escape(changed.node().name()) + "' jid='" + XmlEscaper.escape(subscription.jid().toString())
                    + "' subscription='" + subscription.state().value() + "' subid='"
                    + XmlEscaper.escape(subscription.subId()) + "'/></event>";
            if (changed.tellSubscriber()) {
                send(subscription.jid().toString(), content);
            }
            for (JID owner : changed.owners()) {
                send(owner.toString(), content); // notify_sub
            }
        } else if (event instanceof AffiliationChanged changed) {
            send(changed.jid().toBareJID(), "<pubsub xmlns='" + Namespaces.PUBSUB + "'><affiliations node='"
                    + XmlEscaper.escape(changed.node().name()) + "'><affiliation jid='"
                    + XmlEscaper.escape(changed.jid().toBareJID()) + "' affiliation='" + changed.affiliation().value()
                    + "'/></affiliations></pubsub>");
        }
    }

    private void send(String to, String content) {
        output.send("<message from='" + serviceJid + "' to='" + XmlEscaper.escape(to) + "' id='" + messageIds.next()
                + "'>" + content + "</message>");
    }
}
