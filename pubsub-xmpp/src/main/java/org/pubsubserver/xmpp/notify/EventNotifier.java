package org.pubsubserver.xmpp.notify;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.pubsubserver.core.event.AffiliationChanged;
import org.pubsubserver.core.event.CollectionChanged;
import org.pubsubserver.core.event.CollectionSubscribers;
import org.pubsubserver.core.event.EventVisitor;
import org.pubsubserver.core.event.ItemsPublished;
import org.pubsubserver.core.event.ItemsRetracted;
import org.pubsubserver.core.event.NodeConfigured;
import org.pubsubserver.core.event.NodeDeleted;
import org.pubsubserver.core.event.NodePurged;
import org.pubsubserver.core.event.PubSubEvent;
import org.pubsubserver.core.event.PubSubEventListener;
import org.pubsubserver.core.event.Subscribed;
import org.pubsubserver.core.event.SubscriptionChanged;
import org.pubsubserver.core.event.SubscriptionRequested;
import org.pubsubserver.core.model.Item;
import org.pubsubserver.core.model.Node;
import org.pubsubserver.core.model.NodeConfig;
import org.pubsubserver.core.model.Subscription;
import org.pubsubserver.core.usecase.LastItemsOnPresence;
import org.pubsubserver.xmpp.notify.Notification.SubIds;
import org.pubsubserver.xmpp.notify.Recipients.Reach;
import org.pubsubserver.xmpp.presence.PresenceTracker;
import org.pubsubserver.xmpp.stanza.StanzaOutput;
import org.xmpp.packet.JID;

/**
 * The one place where the XMPP surface turns committed events into {@code <message/>} stanzas, one method per
 * kind of event: item notifications (XEP-0060 §7.1.2.1, §7.2.2.1), node purge, configuration and deletion
 * (§8.5.2, §8.2.5.3, §8.4.2), the approval request to owners (§8.6), subscription state changes (§13.14, §8.8.4)
 * and affiliation changes (§8.9.4). Whom to tell is {@link Recipients}' choice; the stanzas are written by
 * {@link EventXml} (the content, once per event) and {@link Messages} (per recipient only the address).
 */
public final class EventNotifier implements PubSubEventListener {
    /** The feature of presence-based delivery (presence_based_delivery, show-values). */
    public static final String PRESENCE_FEATURE = "presence-notifications";
    /** The feature of telling subscribers (and with notify_sub the owners) of subscription changes (§13.14). */
    public static final String SUBSCRIPTION_FEATURE = "subscription-notifications";

    private final StanzaOutput output;
    private final Recipients recipients;
    private final Messages messages;
    private final DigestBuffer digests;
    private final Stanzas byKind = new Stanzas();
    /** Notification messages handed to the link, for the operators' metrics. */
    private final LongAdder sent = new LongAdder();

    public EventNotifier(JID serviceJid, StanzaOutput output, PresenceTracker presence, Scheduler scheduler) {
        this.output = output;
        this.recipients = new Recipients(presence);
        this.messages = new Messages(serviceJid);
        this.digests = new DigestBuffer(scheduler, this::sendDigest);
    }

    @Override
    public void onEvent(PubSubEvent event) {
        List<String> due = event.accept(byKind);
        if (!due.isEmpty()) {
            if (output.sendAll(due)) {
                sent.add(due.size());
            }
        }
    }

    /**
     * send_last_published_item = on_sub_and_presence: the items due to {@code available}, which has just
     * come online, each stamped as delayed.
     */
    public void sendLastItems(JID available, List<LastItemsOnPresence.Due> due) {
        List<String> stanzas = new ArrayList<>(due.size());
        for (LastItemsOnPresence.Due item : due) {
            Subscription subscription = item.subscription();
            Subscription toThisResource = new Subscription(subscription.node(), available, subscription.subId(),
                    subscription.state(), subscription.options());
            stanzas.addAll(lastItem(item.node(), toThisResource, item.item()));
        }
        if (!stanzas.isEmpty()) {
            if (output.sendAll(stanzas)) {
                sent.add(stanzas.size());
            }
        }
    }

    /** What each kind of event is told as: the stanzas to send now (none where nobody is to be told). */
    private final class Stanzas implements EventVisitor<List<String>> {
        /**
         * Item notifications: a JID whose every notified subscription asks for digests gets the items collected
         * into a digest (sent after the shortest of their digest_frequency); the others now.
         */
        @Override
        public List<String> itemsPublished(ItemsPublished event) {
            NodeConfig config = event.node().config();
            if (!config.deliverNotifications()) {
                return List.of(); // pubsub#deliver_notifications off: the node tells nobody of its items
            }
            Collection<Recipient> told = recipients.of(config, event.subscribers(), Reach.SUBSCRIBED);
            List<String> viaCollections = viaCollections(event);
            Notifications now = null;
            for (Recipient recipient : told) {
                if (recipient.wantsDigest()) {
                    digests.add(event.node(), recipient, event.items(), recipient.digestFrequency());
                    continue;
                }
                if (now == null) {
                    now = messages.notifications(config, Notification.of(EventXml.items(event.node(), event.items()),
                            SubIds.WHERE_SEVERAL).withBody(NotificationBody.element(event.subscribers(), event.items())),
                            told.size());
                }
                now.add(recipient);
            }
            if (viaCollections.isEmpty()) {
                return now == null ? List.of() : now.messages();
            }
            List<String> all = new ArrayList<>(now == null ? List.of() : now.messages());
            all.addAll(viaCollections);
            return all;
        }

        /**
         * XEP-0248 §notify-items: the subscribers of each collection above the node get the items in a message of
         * their own, with the leaf's delivery options and a Collection header; one message per collection a JID is
         * subscribed to (as one per subscription, XEP-0060 §6.1.6), besides the leaf's own. Not held for digests.
         */
        private List<String> viaCollections(ItemsPublished event) {
            if (event.collections().isEmpty()) {
                return List.of();
            }
            NodeConfig config = event.node().config();
            List<String> stanzas = new ArrayList<>();
            for (CollectionSubscribers collection : event.collections()) {
                if (collection.subscribers().isEmpty()) {
                    continue;
                }
                stanzas.addAll(toEach(config, recipients.of(config, collection.subscribers(), Reach.SUBSCRIBED),
                        () -> Notification.of(EventXml.items(event.node(), event.items()), SubIds.WHERE_SEVERAL)
                                .withBody(NotificationBody.element(collection.subscribers(), event.items()))
                                .viaCollection(collection.collection())));
            }
            return stanzas;
        }

        /** XEP-0248 §notify, §notify-associate-dissociate: to the collection's subscribers of type nodes. */
        @Override
        public List<String> collectionChanged(CollectionChanged event) {
            NodeConfig config = event.node().config();
            boolean below = !event.collection().equals(event.node().name());
            return toEach(config, recipients.of(config, event.subscribers(), Reach.SUBSCRIBED), () -> {
                Notification notification = Notification.of(EventXml.collectionChange(event.node().name(),
                        event.child(), event.change()), SubIds.NONE);
                // a creation names the collection in a header (§notify); an association names it in the event, and
                // the header says which collection above it was subscribed to
                return event.change() == CollectionChanged.Change.CREATED || below
                        ? notification.viaCollection(event.collection()) : notification;
            });
        }

        /** §6.1.7: the last published item (send_last_published_item = on_sub), stamped as delayed. */
        @Override
        public List<String> subscribed(Subscribed event) {
            if (event.lastItem() == null) {
                return List.of(); // no last item to send: send_last_published_item is not on_sub, or the node is empty
            }
            return lastItem(event.node(), event.subscription(), event.lastItem());
        }

        /** §7.2.2.1, with SubID headers (§7.2.2.2). */
        @Override
        public List<String> itemsRetracted(ItemsRetracted event) {
            NodeConfig config = event.node().config();
            if (!config.deliverNotifications() || !event.notifySubscribers() || event.itemIds().isEmpty()) {
                return List.of(); // notifications off, notify_retract off or the retract's notify false: nobody told
            }
            Supplier<Notification> retraction = () -> Notification.of(EventXml.retractions(event.node(), event.itemIds()),
                    SubIds.WHERE_SEVERAL);
            return withCollections(toEach(config, recipients.of(config, event.subscribers(), Reach.SUBSCRIBED),
                    retraction), config, event.collections(), retraction);
        }

        /** §8.5.2. */
        @Override
        public List<String> nodePurged(NodePurged event) {
            NodeConfig config = event.node().config();
            Supplier<Notification> purge = () -> Notification.of(EventXml.purge(event.node()), SubIds.NONE);
            return withCollections(toEach(config, recipients.of(config, event.subscribers(), Reach.SUBSCRIBED), purge),
                    config, event.collections(), purge);
        }

        /** §8.2.5.3. */
        @Override
        public List<String> nodeConfigured(NodeConfigured event) {
            if (!event.notifySubscribers()) {
                return List.of(); // notify_config off: the event is raised for the web streams' access checks only
            }
            NodeConfig config = event.node().config();
            return toEach(config, recipients.of(config, event.subscribers(), Reach.SUBSCRIBED),
                    () -> Notification.of(EventXml.configuration(event.node()), SubIds.NONE));
        }

        /** §8.4.2: pending subscribers are told too. */
        @Override
        public List<String> nodeDeleted(NodeDeleted event) {
            NodeConfig config = event.node().config();
            if (!config.notifyDelete()) {
                return List.of(); // notify_delete off: subscribers are not told
            }
            return toEach(config, recipients.of(config, event.subscribers(), Reach.SUBSCRIBED_AND_PENDING),
                    () -> Notification.of(EventXml.deletion(event.node(), event.redirect()), SubIds.NONE));
        }

        /** §8.6: each owner is asked with the subscribe_authorization form. */
        @Override
        public List<String> subscriptionRequested(SubscriptionRequested event) {
            String content = EventXml.authorizationRequest(event.node(), event.pending());
            List<String> stanzas = new ArrayList<>(event.owners().size());
            for (JID owner : event.owners()) {
                stanzas.add(messages.message(owner.toString(), content));
            }
            return stanzas;
        }

        /** §13.14 to the subscriber where it is to be told, and to the owners of a node with notify_sub. */
        @Override
        public List<String> subscriptionChanged(SubscriptionChanged event) {
            Subscription subscription = event.subscription();
            String content = EventXml.subscription(event.node(), subscription);
            List<String> stanzas = new ArrayList<>(event.owners().size() + 1);
            if (event.tellSubscriber()) {
                stanzas.add(messages.message(subscription.jid().toString(), content));
            }
            for (JID owner : event.owners()) {
                stanzas.add(messages.message(owner.toString(), content));
            }
            return stanzas;
        }

        /** §8.9.4: the entity, at its bare JID. */
        @Override
        public List<String> affiliationChanged(AffiliationChanged event) {
            return List.of(messages.message(event.jid().toBareJID(),
                    EventXml.affiliation(event.node(), event.jid(), event.affiliation())));
        }
    }

    /** One item sent late to one subscription (§6.1.7, last items on presence), stamped as delayed (XEP-0203). */
    private List<String> lastItem(Node node, Subscription subscription, Item item) {
        NodeConfig config = node.config();
        if (!config.deliverNotifications()) {
            return List.of();
        }
        List<Item> items = List.of(item);
        return toEach(config, recipients.of(config, List.of(subscription), Reach.SUBSCRIBED),
                () -> Notification.of(EventXml.items(node, items), SubIds.NONE).withDelay(EventXml.delay(item))
                        .withBody(NotificationBody.element(List.of(subscription), items)));
    }

    /** A digest is due: its items in one notification (pubsub#digest). */
    private void sendDigest(DigestBuffer.Digest digest) {
        Notification notification = Notification.of(EventXml.items(digest.node(), digest.items()), SubIds.WHERE_SEVERAL)
                .withBody(NotificationBody.element(digest.recipient().subscriptions(), digest.items()));
        if (output.send(messages.notifications(digest.node().config(), notification, 1).add(digest.recipient())
                .messages().get(0))) {
            sent.increment();
        }
    }

    /**
     * How many notification messages (events, last items, digests) the link took so far; those it could not take
     * (it was down) are not counted.
     */
    public long sent() {
        return sent.sum();
    }

    /**
     * XEP-0248 §subscribe: {@code toNode} (the node's own notifications) and the same notification to the
     * subscribers of each collection above the node, with a Collection header.
     */
    private List<String> withCollections(List<String> toNode, NodeConfig config, List<CollectionSubscribers> collections,
                                         Supplier<Notification> notification) {
        if (collections.isEmpty()) {
            return toNode;
        }
        List<String> all = new ArrayList<>(toNode);
        for (CollectionSubscribers collection : collections) {
            all.addAll(toEach(config, recipients.of(config, collection.subscribers(), Reach.SUBSCRIBED),
                    () -> notification.get().viaCollection(collection.collection())));
        }
        return all;
    }

    /** The notifications to the recipients; the content is written only when someone is told. */
    private List<String> toEach(NodeConfig config, Collection<Recipient> told,
                                Supplier<Notification> notification) {
        return told.isEmpty() ? List.of() : messages.notifications(config, notification.get(), told);
    }
}
