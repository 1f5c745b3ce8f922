package org.pubsubserver.xmpp.presence;

import java.util.List;
import org.dom4j.Element;
import org.pubsubserver.core.engine.PubSubEngine;
import org.pubsubserver.core.usecase.LastItemsOnPresence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xmpp.packet.JID;

/**
 * What the service does when the presence it is sent (directed presence to the component) changes:
 * <ul>
 *   <li>a resource comes online: it is sent the last items of the nodes whose send_last_published_item is
 *       on_sub_and_presence (XEP-0060 §17.4.4);</li>
 *   <li>a resource known as available goes offline: its temporary subscriptions end (§13.5), and those of its
 *       bare JID once it was the last resource;</li>
 *   <li>the last resource of a bare JID goes offline: the items it published go from its nodes with
 *       purge_offline (§17.4.4).</li>
 * </ul>
 * Presence that changes nothing (another show value, unavailable presence from a resource not known as
 * available, errors, subscription management) costs nothing. Called on the link's event loop: it records the
 * presence in the {@link PresenceTracker} and hands the rest to the engine; a failure there is logged.
 */
public final class PresenceReactions {
    private static final Logger LOG = LoggerFactory.getLogger(PresenceReactions.class);

    /** Sends a resource that has just come online the last items due to it (the notifier). */
    @FunctionalInterface
    public interface LastItemsSender {
        void sendLastItems(JID available, List<LastItemsOnPresence.Due> due);
    }

    private final PresenceTracker presence;
    private final PubSubEngine engine;
    private final LastItemsSender lastItems;

    public PresenceReactions(PresenceTracker presence, PubSubEngine engine, LastItemsSender lastItems) {
        this.presence = presence;
        this.engine = engine;
        this.lastItems = lastItems;
    }

    /** A {@code <presence/>} stanza routed to the component. */
    public void onPresence(Element stanza) {
        switch (presence.apply(stanza)) {
            case CAME_ONLINE -> cameOnline(new JID(stanza.attributeValue("from")));
            case WENT_OFFLINE -> wentOffline(new JID(stanza.attributeValue("from")));
            case NOTHING -> { }
        }
    }

    private void cameOnline(JID available) {
        engine.lastItemsOnPresence(available).whenComplete((due, failure) -> {
            if (failure != null) {
                LOG.warn("Could not find the last items due to {} on coming online", available, failure);
            } else {
                lastItems.sendLastItems(available, due);
            }
        });
    }

    private void wentOffline(JID offline) {
        boolean lastResourceGone = !presence.isAvailable(offline.asBareJID());
        engine.endTemporarySubscriptions(offline, lastResourceGone).exceptionally(failure -> {
            LOG.warn("Could not end the temporary subscriptions of {}", offline, failure);
            return 0;
        });
        if (lastResourceGone) {
            engine.purgeOfflinePublisher(offline.asBareJID()).exceptionally(failure -> {
                LOG.warn("Could not purge the items of {}, who went offline", offline.toBareJID(), failure);
                return 0;
            });
        }
    }
}
