package org.pubsubserver.core.event.wire;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
import org.pubsubserver.core.event.Subscribed;
import org.pubsubserver.core.event.SubscriptionChanged;
import org.pubsubserver.core.event.SubscriptionRequested;
import org.pubsubserver.core.model.Affiliation;
import org.pubsubserver.core.model.Item;
import org.pubsubserver.core.model.Node;
import org.pubsubserver.core.model.NodeConfig;
import org.pubsubserver.core.model.Subscription;
import org.pubsubserver.core.model.SubscriptionOptions;
import org.pubsubserver.core.model.SubscriptionState;

/**
 * The binary form of a {@link PubSubEvent}, for sending events between instances. Layout: one byte of format
 * version ({@value #VERSION}), one byte of kind, then the event's fields in record order. Numbers are
 * big-endian; strings are an int length and UTF-8 bytes (length -1 for null); lists an int count and their
 * elements; instants epoch seconds (long) and nanos (int); JIDs their string form. A node's configuration
 * and a subscription's options are written as the fields that differ from the built-in defaults, so the
 * usual subscriber costs no bytes for its options. Enum values and kinds have fixed codes here, independent
 * of declaration order. Encoding is an {@link EventVisitor}, so a new kind of event does not compile until it
 * has a form here; {@link #decode} refuses what it cannot read with {@link MalformedEventException}.
 */
public final class EventWireFormat {
    /** The format version this build writes and the only one it reads. */
    public static final int VERSION = 2; // 2: a node's parent, the collections above a node's items (XEP-0248)

    private static final int ITEMS_PUBLISHED = 1;
    private static final int ITEMS_RETRACTED = 2;
    private static final int NODE_PURGED = 3;
    private static final int NODE_DELETED = 4;
    private static final int NODE_CONFIGURED = 5;
    private static final int SUBSCRIBED = 6;
    private static final int SUBSCRIPTION_REQUESTED = 7;
    private static final int SUBSCRIPTION_CHANGED = 8;
    private static final int AFFILIATION_CHANGED = 9;
    private static final int COLLECTION_CHANGED = 10;

    /** Wire codes: the index in these arrays. Append only; never reorder (that is a new {@link #VERSION}). */
    private static final SubscriptionState[] STATES = {SubscriptionState.NONE, SubscriptionState.PENDING,
            SubscriptionState.UNCONFIGURED, SubscriptionState.SUBSCRIBED};
    private static final CollectionChanged.Change[] CHANGES = {CollectionChanged.Change.CREATED,
            CollectionChanged.Change.ASSOCIATED, CollectionChanged.Change.DISSOCIATED};
    private static final Affiliation[] AFFILIATIONS = {Affiliation.OWNER, Affiliation.PUBLISHER,
            Affiliation.PUBLISH_ONLY, Affiliation.MEMBER, Affiliation.NONE, Affiliation.OUTCAST};

    private static final Map<String, String> CONFIG_DEFAULTS = NodeConfig.defaults().toFields();
    private static final Map<String, String> OPTION_DEFAULTS = SubscriptionOptions.defaults().toFields();

    private EventWireFormat() {
    }

    public static byte[] encode(PubSubEvent event) {
        WireWriter out = new WireWriter();
        out.writeByte(VERSION);
        event.accept(new Encoder(out));
        return out.toByteArray();
    }

    /** The event these bytes hold; throws for anything {@link #encode} of this version did not write. */
    public static PubSubEvent decode(byte[] bytes) throws MalformedEventException {
        WireReader in = new WireReader(bytes);
        int version = in.readByte();
        if (version != VERSION) {
            throw new MalformedEventException("unknown event format version " + version + "; this build reads "
                    + VERSION);
        }
        int kind = in.readByte();
        PubSubEvent event = switch (kind) {
            case ITEMS_PUBLISHED -> new ItemsPublished(readNode(in), readItems(in), readSubscriptions(in),
                    readCollections(in));
            case ITEMS_RETRACTED -> new ItemsRetracted(readNode(in), in.readStrings(), readSubscriptions(in),
                    in.readBoolean(), in.readLong(), readCollections(in));
            case NODE_PURGED -> new NodePurged(readNode(in), readSubscriptions(in), in.readLong(), readCollections(in));
            case NODE_DELETED -> new NodeDeleted(readNode(in), readSubscriptions(in), in.readString());
            case NODE_CONFIGURED -> new NodeConfigured(readNode(in), readSubscriptions(in), in.readBoolean());
            case SUBSCRIBED -> new Subscribed(readNode(in), readSubscription(in), in.readBoolean() ? readItem(in) : null);
            case SUBSCRIPTION_REQUESTED -> new SubscriptionRequested(readNode(in), readSubscription(in), in.readJids());
            case SUBSCRIPTION_CHANGED -> new SubscriptionChanged(readNode(in), readSubscription(in), in.readBoolean(),
                    in.readJids());
            case AFFILIATION_CHANGED -> new AffiliationChanged(readNode(in), in.readJid(),
                    code(AFFILIATIONS, in.readByte(), "affiliation"));
            case COLLECTION_CHANGED -> new CollectionChanged(readNode(in), in.readRequiredString(),
                    code(CHANGES, in.readByte(), "collection change"), in.readRequiredString(), readSubscriptions(in));
            default -> throw new MalformedEventException("unknown event kind " + kind);
        };
        in.requireEnd();
        return event;
    }

    /** Writes each kind after the version byte: its kind code, then its fields. */
    private static final class Encoder implements EventVisitor<Void> {
        private final WireWriter out;

        Encoder(WireWriter out) {
            this.out = out;
        }

        @Override
        public Void itemsPublished(ItemsPublished event) {
            start(ITEMS_PUBLISHED, event.node());
            out.writeInt(event.items().size());
            for (Item item : event.items()) {
                writeItem(out, item);
            }
            writeSubscriptions(out, event.subscribers());
            writeCollections(out, event.collections());
            return null;
        }

        @Override
        public Void collectionChanged(CollectionChanged event) {
            start(COLLECTION_CHANGED, event.node());
            out.writeString(event.child());
            out.writeByte(indexOf(CHANGES, event.change()));
            out.writeString(event.collection());
            writeSubscriptions(out, event.subscribers());
            return null;
        }

        @Override
        public Void itemsRetracted(ItemsRetracted event) {
            start(ITEMS_RETRACTED, event.node());
            out.writeStrings(event.itemIds());
            writeSubscriptions(out, event.subscribers());
            out.writeBoolean(event.notifySubscribers());
            out.writeLong(event.sequence());
            writeCollections(out, event.collections());
            return null;
        }

        @Override
        public Void nodePurged(NodePurged event) {
            start(NODE_PURGED, event.node());
            writeSubscriptions(out, event.subscribers());
            out.writeLong(event.sequence());
            writeCollections(out, event.collections());
            return null;
        }

        @Override
        public Void nodeDeleted(NodeDeleted event) {
            start(NODE_DELETED, event.node());
            writeSubscriptions(out, event.subscribers());
            out.writeString(event.redirect());
            return null;
        }

        @Override
        public Void nodeConfigured(NodeConfigured event) {
            start(NODE_CONFIGURED, event.node());
            writeSubscriptions(out, event.subscribers());
            out.writeBoolean(event.notifySubscribers());
            return null;
        }

        @Override
        public Void subscribed(Subscribed event) {
            start(SUBSCRIBED, event.node());
            writeSubscription(out, event.subscription());
            out.writeBoolean(event.lastItem() != null);
            if (event.lastItem() != null) {
                writeItem(out, event.lastItem());
            }
            return null;
        }

        @Override
        public Void subscriptionRequested(SubscriptionRequested event) {
            start(SUBSCRIPTION_REQUESTED, event.node());
            writeSubscription(out, event.pending());
            out.writeJids(event.owners());
            return null;
        }

        @Override
        public Void subscriptionChanged(SubscriptionChanged event) {
            start(SUBSCRIPTION_CHANGED, event.node());
            writeSubscription(out, event.subscription());
            out.writeBoolean(event.tellSubscriber());
            out.writeJids(event.owners());
            return null;
        }

        @Override
        public Void affiliationChanged(AffiliationChanged event) {
            start(AFFILIATION_CHANGED, event.node());
            out.writeJid(event.jid());
            out.writeByte(indexOf(AFFILIATIONS, event.affiliation()));
            return null;
        }

        private void start(int kind, Node node) {
            out.writeByte(kind);
            out.writeLong(node.id());
            out.writeString(node.name());
            out.writeJid(node.creator());
            out.writeInstant(node.created());
            out.writeFields(changedFrom(CONFIG_DEFAULTS, node.config().toFields()));
            out.writeString(node.parent());
        }
    }

    private static void writeItem(WireWriter out, Item item) {
        out.writeLong(item.nodeId());
        out.writeLong(item.sequence());
        out.writeString(item.itemId());
        out.writeJid(item.publisher());
        out.writeInstant(item.published());
        out.writeString(item.payloadXml());
    }

    private static void writeCollections(WireWriter out, List<CollectionSubscribers> collections) {
        out.writeInt(collections.size());
        for (CollectionSubscribers collection : collections) {
            out.writeString(collection.collection());
            out.writeInt(collection.depth());
            writeSubscriptions(out, collection.subscribers());
        }
    }

    private static void writeSubscriptions(WireWriter out, List<Subscription> subscriptions) {
        out.writeInt(subscriptions.size());
        for (Subscription subscription : subscriptions) {
            writeSubscription(out, subscription);
        }
    }

    private static void writeSubscription(WireWriter out, Subscription subscription) {
        out.writeString(subscription.node());
        out.writeJid(subscription.jid());
        out.writeString(subscription.subId());
        out.writeByte(indexOf(STATES, subscription.state()));
        SubscriptionOptions options = subscription.options();
        out.writeFields(options.equals(SubscriptionOptions.defaults()) ? Map.of()
                : changedFrom(OPTION_DEFAULTS, options.toFields()));
    }

    private static Node readNode(WireReader in) throws MalformedEventException {
        long id = in.readLong();
        String name = in.readRequiredString();
        return new Node(id, name, in.readJid(), in.readInstant(), NodeConfig.fromStored(in.readFields()),
                in.readString());
    }

    private static List<CollectionSubscribers> readCollections(WireReader in) throws MalformedEventException {
        int count = in.readCount(12); // a string, a depth, a subscription count
        List<CollectionSubscribers> collections = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            collections.add(new CollectionSubscribers(in.readRequiredString(), in.readInt(), readSubscriptions(in)));
        }
        return collections;
    }

    private static Item readItem(WireReader in) throws MalformedEventException {
        return new Item(in.readLong(), in.readLong(), in.readRequiredString(), in.readJid(), in.readInstant(),
                in.readRequiredString());
    }

    private static List<Item> readItems(WireReader in) throws MalformedEventException {
        int count = in.readCount(40); // two longs, three strings, an instant
        List<Item> items = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            items.add(readItem(in));
        }
        return items;
    }

    private static List<Subscription> readSubscriptions(WireReader in) throws MalformedEventException {
        int count = in.readCount(17); // three strings, a state, a field count
        List<Subscription> subscriptions = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            subscriptions.add(readSubscription(in));
        }
        return subscriptions;
    }

    private static Subscription readSubscription(WireReader in) throws MalformedEventException {
        String node = in.readRequiredString();
        var jid = in.readJid();
        String subId = in.readRequiredString();
        SubscriptionState state = code(STATES, in.readByte(), "subscription state");
        Map<String, String> options = in.readFields();
        return new Subscription(node, jid, subId, state,
                options.isEmpty() ? SubscriptionOptions.defaults() : SubscriptionOptions.fromStored(options));
    }

    /** The fields whose value is not the default one. */
    private static Map<String, String> changedFrom(Map<String, String> defaults, Map<String, String> fields) {
        Map<String, String> changed = new LinkedHashMap<>();
        fields.forEach((var, value) -> {
            if (!value.equals(defaults.get(var))) {
                changed.put(var, value);
            }
        });
        return changed;
    }

    private static <E> int indexOf(E[] codes, E value) {
        for (int i = 0; i < codes.length; i++) {
            if (codes[i] == value) {
                return i;
            }
        }
        throw new IllegalStateException(value + " has no wire code"); // a new enum value not added above
    }

    private static <E> E code(E[] codes, int code, String what) throws MalformedEventException {
        if (code >= codes.length) {
            throw new MalformedEventException("unknown " + what + " code " + code);
        }
        return codes[code];
    }
}
