package org.pubsubserver.xmpp.notify;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pubsubserver.core.config.SubscriptionOptionField;
import org.pubsubserver.core.model.NodeConfig;
import org.pubsubserver.core.model.Subscription;
import org.pubsubserver.core.model.SubscriptionState;
import org.pubsubserver.xmpp.presence.PresenceTracker;

/**
 * Who is notified of an event: of a node's subscriptions, those to be told now, grouped by JID in the order of
 * their first subscription (one message per JID, XEP-0060 §6.1.6). Rendering is not done here.
 */
final class Recipients {
    /** Which subscription states are told. */
    enum Reach {
        /** Subscribed ones only: every notification but a node's deletion. */
        SUBSCRIBED,
        /** Pending ones as well: a node's deletion is told to those waiting for approval too (§8.4.2). */
        SUBSCRIBED_AND_PENDING
    }

    private final PresenceTracker presence;

    Recipients(PresenceTracker presence) {
        this.presence = presence;
    }

    /** The JIDs to notify; empty when nobody is. */
    Collection<Recipient> of(NodeConfig config, List<Subscription> subscriptions, Reach reach) {
        Map<String, Recipient> byJid = new LinkedHashMap<>();
        for (Subscription subscription : subscriptions) {
            if (wanted(config, subscription, reach)) {
                byJid.computeIfAbsent(subscription.jid().toString(), Recipient::new).add(subscription);
            }
        }
        return byJid.values();
    }

    /**
     * Whether a subscription is to be notified: in a state the reach counts, with pubsub#deliver on; if the node
     * has presence_based_delivery, only while its JID is available; if it names show-values, only while its
     * JID's presence is one of them (§17.4.2, §17.4.4).
     */
    private boolean wanted(NodeConfig config, Subscription subscription, Reach reach) {
        boolean told = subscription.state() == SubscriptionState.SUBSCRIBED
                || reach == Reach.SUBSCRIBED_AND_PENDING && subscription.state() == SubscriptionState.PENDING;
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
}
