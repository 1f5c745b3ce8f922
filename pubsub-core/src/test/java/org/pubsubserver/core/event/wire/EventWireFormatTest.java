package org.pubsubserver.core.event.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.pubsubserver.core.cluster.WithoutRecipients;
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
import org.xmpp.packet.JID;

/** The events' wire form (issue 13, for issue 14): every kind survives a round trip; bad bytes are refused. */
class EventWireFormatTest {
    private static final JID ALICE = new JID("alice@example.com");
    private static final JID BOB = new JID("bob@example.com/phone");
    private static final Instant CREATED = Instant.parse("2026-11-23T12:00:00.123456789Z");

    private static final Node PLAIN = new Node(7, "news", ALICE, CREATED, NodeConfig.defaults());
    private static final Node CONFIGURED = new Node(8, "nöws/ünïcode ☃", ALICE, CREATED, NodeConfig.of(Map.of(
            "pubsub#title", "Line one\nline two \\ with a backslash", "pubsub#access_model", "authorize",
            "pubsub#max_items", "max", "pubsub#item_expire", "3600", "pubsub#notify_retract", "true",
            "pubsub#contact", "alice@example.com\nbob@example.com", "pubsub#send_last_published_item", "never")));

    /** XEP-0248: a leaf in a collection, and a collection. */
    private static final Node IN_A_COLLECTION = new Node(9, "leaf", ALICE, CREATED, NodeConfig.defaults(), "blogs ☃");
    private static final Node COLLECTION = new Node(10, "blogs ☃", ALICE, CREATED,
            NodeConfig.defaults().withType("collection"), "top");

    private static final Subscription DEFAULT_OPTIONS = new Subscription("news", ALICE, "sub-1", SubscriptionState.SUBSCRIBED);
    private static final Subscription CHANGED_OPTIONS = new Subscription("news", BOB, "sub-2", SubscriptionState.UNCONFIGURED,
            options(Map.of("pubsub#deliver", "false", "pubsub#digest", "true", "pubsub#digest_frequency", "60000",
                    "pubsub#expire", "presence", "pubsub#show-values", "away\nchat")));
    private static final Subscription COLLECTION_ITEMS = new Subscription("blogs ☃", ALICE, "sub-5",
            SubscriptionState.SUBSCRIBED, options(Map.of("pubsub#subscription_type", "items",
                    "pubsub#subscription_depth", "all")));
    private static final Subscription PENDING = new Subscription("news", BOB, "sub-3", SubscriptionState.PENDING);
    private static final Subscription NONE = new Subscription("news", BOB, "sub-4", SubscriptionState.NONE);

    private static final Item WITH_PAYLOAD = new Item(8, 42, "item-ü", BOB, CREATED.plusSeconds(5),
            "<entry xmlns='http://www.w3.org/2005/Atom'><title>Grüße, 世界 😀 &amp; &lt;</title></entry>");
    private static final Item WITHOUT_PAYLOAD = new Item(8, Item.NOT_STORED, "bare", ALICE, CREATED, "");

    private static SubscriptionOptions options(Map<String, String> fields) {
        try {
            return SubscriptionOptions.defaults().with(fields);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** At least one event of every kind, and each kind with non-default and empty or null values. */
    static Stream<PubSubEvent> everyKind() {
        return Stream.of(
                new ItemsPublished(CONFIGURED, List.of(WITH_PAYLOAD, WITHOUT_PAYLOAD), List.of(DEFAULT_OPTIONS, CHANGED_OPTIONS)),
                new ItemsPublished(PLAIN, List.of(), List.of()),
                new ItemsRetracted(CONFIGURED, List.of("a", "ü☃"), List.of(CHANGED_OPTIONS), true, 43),
                new ItemsRetracted(PLAIN, List.of(), List.of(), false, 0),
                new NodePurged(CONFIGURED, List.of(DEFAULT_OPTIONS, PENDING), Long.MAX_VALUE),
                new NodePurged(PLAIN, List.of(), 0),
                new NodeDeleted(CONFIGURED, List.of(PENDING, CHANGED_OPTIONS), "xmpp:pubsub.example.com?;node=nöws2"),
                new NodeDeleted(PLAIN, List.of()),
                new NodeConfigured(CONFIGURED, List.of(CHANGED_OPTIONS), true),
                new NodeConfigured(PLAIN, List.of(), false),
                new Subscribed(CONFIGURED, CHANGED_OPTIONS, WITH_PAYLOAD),
                new Subscribed(PLAIN, DEFAULT_OPTIONS, null),
                new SubscriptionRequested(CONFIGURED, PENDING, List.of(ALICE, BOB)),
                new SubscriptionRequested(PLAIN, PENDING, List.of()),
                new SubscriptionChanged(CONFIGURED, NONE, true, List.of(ALICE)),
                new SubscriptionChanged(PLAIN, CHANGED_OPTIONS, false, List.of()),
                new AffiliationChanged(CONFIGURED, BOB, Affiliation.PUBLISH_ONLY),
                new AffiliationChanged(PLAIN, ALICE, Affiliation.OUTCAST),
                new ItemsPublished(IN_A_COLLECTION, List.of(WITH_PAYLOAD), List.of(DEFAULT_OPTIONS), List.of(
                        new CollectionSubscribers("blogs ☃", 1, List.of(COLLECTION_ITEMS, CHANGED_OPTIONS)),
                        new CollectionSubscribers("top", 2, List.of()))),
                new ItemsRetracted(IN_A_COLLECTION, List.of("a"), List.of(), true, 44,
                        List.of(new CollectionSubscribers("blogs ☃", 1, List.of(COLLECTION_ITEMS)))),
                new NodePurged(IN_A_COLLECTION, List.of(DEFAULT_OPTIONS), 45,
                        List.of(new CollectionSubscribers("blogs ☃", 1, List.of()))),
                new CollectionChanged(COLLECTION, "leaf", CollectionChanged.Change.CREATED, "top", List.of(COLLECTION_ITEMS)),
                new CollectionChanged(COLLECTION, "leaf", CollectionChanged.Change.ASSOCIATED, "blogs ☃", List.of()),
                new CollectionChanged(PLAIN, "ü", CollectionChanged.Change.DISSOCIATED, "news", List.of(DEFAULT_OPTIONS)));
    }

    @ParameterizedTest
    @MethodSource("everyKind")
    void everyKindSurvivesARoundTrip(PubSubEvent event) throws Exception {
        assertThat(EventWireFormat.decode(EventWireFormat.encode(event))).isEqualTo(event);
    }

    @Test
    void theTestCoversEveryKind() {
        // one visitor method per kind: every method must be reached by some event above
        long kinds = Arrays.stream(EventVisitor.class.getDeclaredMethods()).filter(m -> !m.isSynthetic()).count();
        assertThat(everyKind().map(e -> e.getClass()).distinct().count()).isEqualTo(kinds);
    }

    @Test
    void theCollectionsAboveAPublishedNodeCrossToOtherInstancesWithoutTheirSubscribers_xep0248_notify_items()
            throws Exception {
        ItemsPublished published = new ItemsPublished(IN_A_COLLECTION, List.of(WITH_PAYLOAD), List.of(DEFAULT_OPTIONS),
                List.of(new CollectionSubscribers("blogs ☃", 1, List.of(COLLECTION_ITEMS)),
                        new CollectionSubscribers("top", 2, List.of(CHANGED_OPTIONS))));
        PubSubEvent crossing = EventWireFormat.decode(EventWireFormat.encode(WithoutRecipients.of(published)));
        assertThat(crossing).isEqualTo(new ItemsPublished(IN_A_COLLECTION, List.of(WITH_PAYLOAD), List.of(),
                List.of(new CollectionSubscribers("blogs ☃", 1, List.of()), new CollectionSubscribers("top", 2, List.of()))));
        assertThat(crossing.node().parent()).isEqualTo("blogs ☃");
        CollectionChanged created = new CollectionChanged(COLLECTION, "leaf", CollectionChanged.Change.CREATED, "top",
                List.of(COLLECTION_ITEMS));
        assertThat(EventWireFormat.decode(EventWireFormat.encode(WithoutRecipients.of(created))))
                .isEqualTo(new CollectionChanged(COLLECTION, "leaf", CollectionChanged.Change.CREATED, "top", List.of()));
    }

    @Test
    void everyAffiliationAndStateHasACode() throws Exception {
        for (Affiliation affiliation : Affiliation.values()) {
            PubSubEvent event = new AffiliationChanged(PLAIN, BOB, affiliation);
            assertThat(EventWireFormat.decode(EventWireFormat.encode(event))).isEqualTo(event);
        }
        for (SubscriptionState state : SubscriptionState.values()) {
            PubSubEvent event = new SubscriptionChanged(PLAIN, new Subscription("news", BOB, "s", state), true, List.of());
            assertThat(EventWireFormat.decode(EventWireFormat.encode(event))).isEqualTo(event);
        }
    }

    @Test
    void theFirstByteIsTheFormatVersionAndDefaultsCostNoBytes() {
        byte[] bytes = EventWireFormat.encode(new NodePurged(PLAIN, List.of(DEFAULT_OPTIONS), 5));
        assertThat(bytes[0]).isEqualTo((byte) EventWireFormat.VERSION);
        // version, kind, node (8 + 4+4 + 4+17 + 12 + 4 for no changed fields + 4 for no parent), one subscription,
        // the sequence, no collections
        assertThat(bytes).hasSize(1 + 1 + (8 + 8 + 21 + 12 + 4 + 4) + (4 + (8 + 21 + 9 + 1 + 4)) + 8 + 4);
    }

    @Test
    void anUnknownVersionIsRefused() {
        byte[] bytes = EventWireFormat.encode(new NodePurged(PLAIN, List.of(), 1));
        bytes[0] = (byte) (EventWireFormat.VERSION + 1);
        assertThatThrownBy(() -> EventWireFormat.decode(bytes)).isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("version");
    }

    @Test
    void anUnknownKindIsRefused() {
        byte[] bytes = EventWireFormat.encode(new NodePurged(PLAIN, List.of(), 1));
        bytes[1] = 99;
        assertThatThrownBy(() -> EventWireFormat.decode(bytes)).isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("kind");
    }

    @ParameterizedTest
    @MethodSource("everyKind")
    void everyTruncationIsRefused(PubSubEvent event) {
        byte[] bytes = EventWireFormat.encode(event);
        for (int length = 0; length < bytes.length; length++) {
            byte[] truncated = Arrays.copyOf(bytes, length);
            assertThatThrownBy(() -> EventWireFormat.decode(truncated)).as("the first %d of %d bytes", length, bytes.length)
                    .isInstanceOf(MalformedEventException.class);
        }
    }

    @Test
    void trailingBytesAreRefused() {
        byte[] bytes = EventWireFormat.encode(new NodePurged(PLAIN, List.of(), 1));
        assertThatThrownBy(() -> EventWireFormat.decode(Arrays.copyOf(bytes, bytes.length + 1)))
                .isInstanceOf(MalformedEventException.class).hasMessageContaining("left over");
    }

    @Test
    void garbageIsRefusedWithTheDefinedExceptionOnly() {
        java.util.Random random = new java.util.Random(13);
        byte[] valid = EventWireFormat.encode(everyKind().findFirst().orElseThrow());
        for (int round = 0; round < 2000; round++) {
            byte[] garbage = valid.clone();
            // keep the version so the reader gets past it, then corrupt a few bytes anywhere
            for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
                garbage[1 + random.nextInt(garbage.length - 1)] = (byte) random.nextInt(256);
            }
            try {
                EventWireFormat.decode(garbage);
            } catch (MalformedEventException expected) {
                // defined refusal
            } catch (RuntimeException e) {
                throw new AssertionError("garbage escaped as " + e + " for " + Arrays.toString(garbage), e);
            }
        }
    }

    @Test
    void aGiantCountIsRefusedBeforeAnythingIsAllocated() {
        byte[] bytes = EventWireFormat.encode(new NodePurged(PLAIN, List.of(), 1));
        // the subscriber count follows the node (then the sequence and the collections' count); make it huge
        int countAt = bytes.length - 4 - 8 - 4;
        bytes[countAt] = 0x7f;
        assertThatThrownBy(() -> EventWireFormat.decode(bytes)).isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("count");
    }
}
