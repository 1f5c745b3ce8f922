package org.pubsubserver.http.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pubsubserver.http.sse.Wire.text;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.LastHttpContent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pubsubserver.core.event.AffiliationChanged;
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
import org.pubsubserver.core.usecase.OpenStream;
import org.xmpp.packet.JID;

/**
 * What each kind of event does to the open streams of its node, byte for byte: a stream of that node alone and a
 * stream of several nodes ({@link MultiStream}) side by side, each read as BOB, and an anonymous one beside them.
 * Plain embedded channels: the event text as it is written, without HTTP framing; a stream the server ends is
 * closed (no {@link StreamOutput} is installed).
 */
class SseStreamsTest {
    private static final JID BOB = new JID("bob@localhost");
    private static final JID OWNER = new JID("owner@localhost");
    private static final String NODE_NAME = "news/today";
    private static final Node NODE = node(NodeConfig.defaults());
    private static final Node SPORTS = new Node(2, "sports", OWNER, Instant.EPOCH, NodeConfig.defaults());
    private static final String OPENING = ": stream of node news/today\n\n";

    private final SseStreams streams = new SseStreams();
    /** A stream of the node alone, read as BOB. */
    private EmbeddedChannel single;
    /** An anonymous stream of the node alone. */
    private EmbeddedChannel anonymous;
    /** A stream of the node and of "sports", read as BOB. */
    private EmbeddedChannel multi;

    private static Node node(NodeConfig config) {
        return new Node(1, NODE_NAME, OWNER, Instant.EPOCH, config);
    }

    private static Item item(long sequence, String id, String payload) {
        return new Item(1, sequence, id, BOB, Instant.EPOCH, payload);
    }

    private static Subscription subscription(SubscriptionState state) {
        return new Subscription(NODE_NAME, BOB.asBareJID(), "s1", state, SubscriptionOptions.defaults());
    }

    @BeforeEach
    void open() {
        single = new EmbeddedChannel();
        streams.add(NODE_NAME, single, new JID("bob@localhost/phone"));
        anonymous = new EmbeddedChannel();
        streams.add(NODE_NAME, anonymous, null);
        multi = new EmbeddedChannel();
        multi.attr(MultiStream.KEY).set(new MultiStream(multi, List.of(NODE_NAME, "sports"), Map.of()));
        streams.add(NODE_NAME, multi, BOB);
        streams.add("sports", multi, BOB);
    }

    /** Streams opened by a test as the routes open them, after an opening that read the store. */
    private final List<EmbeddedChannel> opened = new ArrayList<>();

    @AfterEach
    void close() {
        single.finishAndReleaseAll();
        anonymous.finishAndReleaseAll();
        multi.finishAndReleaseAll();
        opened.forEach(EmbeddedChannel::finishAndReleaseAll);
    }

    private void tell(PubSubEvent event) {
        streams.onEvent(event);
        single.runPendingTasks();
        anonymous.runPendingTasks();
        multi.runPendingTasks();
        opened.forEach(EmbeddedChannel::runPendingTasks);
    }

    /** A stream of the node alone, anonymous, started as {@link NodeStreamRoute} starts it after {@code start}. */
    private EmbeddedChannel openedAfter(OpenStream.Start start) {
        EmbeddedChannel channel = new EmbeddedChannel();
        opened.add(channel);
        streams.start(NODE_NAME, channel, null, Unpooled.EMPTY_BUFFER, text(OPENING),
                StreamOutput.of(channel, Duration.ofSeconds(15)), ReplayMark.of(start));
        channel.runPendingTasks();
        assertThat(Wire.sent(channel)).isEqualTo(OPENING);
        return channel;
    }

    /**
     * A stream of the node and of "sports", anonymous, each part started as {@link MultiNodeStreamRoute} starts it
     * after its opening; what the openings wrote is read.
     */
    private EmbeddedChannel openedOfSeveralAfter(OpenStream.Start start, OpenStream.Start sportsStart) {
        EmbeddedChannel channel = new EmbeddedChannel();
        opened.add(channel);
        MultiStream stream = new MultiStream(channel, List.of(NODE_NAME, "sports"), Map.of());
        channel.attr(MultiStream.KEY).set(stream);
        stream.start(NODE_NAME, start);
        streams.add(NODE_NAME, channel, null);
        stream.start("sports", sportsStart);
        streams.add("sports", channel, null);
        channel.runPendingTasks();
        Wire.sent(channel);
        return channel;
    }

    /** An opening that replayed items 4 and 5 and found the node at 5. */
    private static OpenStream.Start replayedUpTo5() {
        return new OpenStream.Start(NODE, List.of(item(4, "i4", "<e xmlns='urn:t'/>"), item(5, "i5", "<e xmlns='urn:t'/>")),
                false, 5);
    }

    @Test
    void publishedItemsAreDefaultEventsWithTheSequenceAsIdAndATransientOneHasNone() {
        tell(new ItemsPublished(NODE, List.of(item(1, "i1", "<e xmlns='urn:t'>a\nb</e>"),
                item(Item.NOT_STORED, "t", "<json xmlns='urn:xmpp:json:0'>{\"x\":1}</json>")), List.of()));
        String items = "id: 1\ndata: <e xmlns='urn:t'>a\ndata: b</e>\n\n" + "data: {\"x\":1}\n\n";
        assertThat(Wire.sent(single)).isEqualTo(items);
        assertThat(Wire.sent(anonymous)).isEqualTo(items);
        assertThat(Wire.sent(multi)).isEqualTo(
                "id: news%2Ftoday:1\ndata: {\"node\":\"news/today\",\"id\":\"i1\",\"payload\":\"<e xmlns='urn:t'>a\\nb</e>\"}\n\n"
                + "id: news%2Ftoday:1\ndata: {\"node\":\"news/today\",\"id\":\"t\",\"payload\":\"{\\\"x\\\":1}\"}\n\n");
    }

    @Test
    void aToldRemovalIsOneRetractEventPerItemWithTheRemovalsSequenceAsId_xep0060_7_2_2_1() {
        tell(new ItemsRetracted(NODE, List.of("i1", "i2"), List.of(), true, 5));
        assertThat(Wire.sent(single)).isEqualTo("event: retract\nid: 5\ndata: i1\n\n" + "event: retract\nid: 5\ndata: i2\n\n");
        assertThat(Wire.sent(multi)).isEqualTo(
                "event: retract\nid: news%2Ftoday:5\ndata: {\"node\":\"news/today\",\"id\":\"i1\"}\n\n"
                + "event: retract\nid: news%2Ftoday:5\ndata: {\"node\":\"news/today\",\"id\":\"i2\"}\n\n");
    }

    @Test
    void anUntoldRemovalIsNotStreamed_xep0060_7_2_2_1() {
        tell(new ItemsRetracted(NODE, List.of("i1"), List.of(), false, 0));
        assertThat(Wire.sent(single)).isEmpty();
        assertThat(Wire.sent(multi)).isEmpty();
    }

    @Test
    void aPurgeIsANamedEventWithItsSequenceAsId() {
        tell(new NodePurged(NODE, List.of(), 6));
        assertThat(Wire.sent(single)).isEqualTo("event: purge\nid: 6\ndata: {\"node\":\"news/today\"}\n\n");
        assertThat(Wire.sent(multi)).isEqualTo("event: purge\nid: news%2Ftoday:6\ndata: {\"node\":\"news/today\"}\n\n");
    }

    @Test
    void aConfigurationChangeIsANamedEventWithoutIdUnderNotifyConfigOnly_xep0060_8_2_5_3() {
        tell(new NodeConfigured(NODE, List.of(), true));
        assertThat(Wire.sent(single)).isEqualTo("event: config\ndata: {\"node\":\"news/today\"}\n\n");
        assertThat(Wire.sent(multi)).isEqualTo("event: config\nid: \ndata: {\"node\":\"news/today\"}\n\n");
        tell(new NodeConfigured(NODE, List.of(), false));
        assertThat(Wire.sent(single)).isEmpty();
        assertThat(Wire.sent(multi)).isEmpty();
        assertThat(streams.count()).isEqualTo(4);
    }

    @Test
    void aNodeThatIsNoLongerOpenEndsAllItsStreams() {
        tell(new NodeConfigured(node(NodeConfig.of(Map.of("pubsub#access_model", "whitelist"))), List.of(), true));
        assertThat(Wire.sent(single)).isEmpty();
        assertThat(Wire.sent(multi)).isEmpty();
        assertThat(single.isOpen()).isFalse();
        assertThat(anonymous.isOpen()).isFalse();
        assertThat(multi.isOpen()).isFalse();
        assertThat(streams.count()).isZero();
    }

    @Test
    void anAffiliationChangeEndsTheStreamsReadByThatBareJidOnly() {
        tell(new AffiliationChanged(NODE, new JID("bob@localhost/laptop"), Affiliation.OUTCAST));
        assertThat(single.isOpen()).isFalse();
        assertThat(multi.isOpen()).isFalse();
        assertThat(anonymous.isOpen()).isTrue();
        assertThat(streams.count()).isEqualTo(1);
    }

    @Test
    void anotherJidsAffiliationChangeEndsNothing() {
        tell(new AffiliationChanged(NODE, new JID("carol@localhost"), Affiliation.OUTCAST));
        assertThat(single.isOpen()).isTrue();
        assertThat(multi.isOpen()).isTrue();
        assertThat(streams.count()).isEqualTo(4);
    }

    @Test
    void aRemovedSubscriptionEndsItsJidsStreamsAndAnyOtherChangeNothing() {
        tell(new SubscriptionChanged(NODE, subscription(SubscriptionState.SUBSCRIBED), true, List.of()));
        assertThat(streams.count()).isEqualTo(4);
        tell(new SubscriptionChanged(NODE, subscription(SubscriptionState.NONE), true, List.of()));
        assertThat(single.isOpen()).isFalse();
        assertThat(multi.isOpen()).isFalse();
        assertThat(anonymous.isOpen()).isTrue();
    }

    @Test
    void subscriptionsMadeOrAwaitingApprovalAreNotStreamed() {
        tell(new Subscribed(NODE, subscription(SubscriptionState.SUBSCRIBED), item(1, "i1", "<e xmlns='urn:t'/>")));
        tell(new SubscriptionRequested(NODE, subscription(SubscriptionState.PENDING), List.of(OWNER)));
        assertThat(Wire.sent(single)).isEmpty();
        assertThat(Wire.sent(multi)).isEmpty();
        assertThat(streams.count()).isEqualTo(4);
    }

    @Test
    void aDeletedNodesStreamsGetTheDeleteEventThenEndAndAStreamOfSeveralNodesGoesOnWithTheOthers() {
        tell(new NodeDeleted(NODE, List.of()));
        assertThat(Wire.sent(single)).isEqualTo("event: delete\ndata: {\"node\":\"news/today\"}\n\n");
        assertThat(single.isOpen()).isFalse();
        assertThat(anonymous.isOpen()).isFalse();
        assertThat(Wire.sent(multi)).isEqualTo("event: delete\nid: \ndata: {\"node\":\"news/today\"}\n\n");
        assertThat(multi.isOpen()).isTrue();
        assertThat(streams.count()).as("the stream of several nodes, for sports").isEqualTo(1);
        tell(new ItemsPublished(NODE, List.of(item(1, "i1", "<e xmlns='urn:t'/>")), List.of()));
        assertThat(Wire.sent(multi)).isEmpty();
    }

    @Test
    void aStreamOfSeveralNodesKeepsItsPositionInEveryId() {
        streams.onEvent(new ItemsPublished(node(NodeConfig.defaults()), List.of(item(3, "i3", "<e xmlns='urn:t'/>")),
                List.of()));
        tell(new ItemsPublished(new Node(2, "sports", OWNER, Instant.EPOCH, NodeConfig.defaults()),
                List.of(item(7, "s7", "<g xmlns='urn:t'/>")), List.of()));
        tell(new NodeConfigured(NODE, List.of(), true));
        assertThat(Wire.sent(multi)).isEqualTo(
                "id: news%2Ftoday:3\ndata: {\"node\":\"news/today\",\"id\":\"i3\",\"payload\":\"<e xmlns='urn:t'/>\"}\n\n"
                + "id: news%2Ftoday:3,sports:7\ndata: {\"node\":\"sports\",\"id\":\"s7\",\"payload\":\"<g xmlns='urn:t'/>\"}\n\n"
                + "event: config\nid: news%2Ftoday:3,sports:7\ndata: {\"node\":\"news/today\"}\n\n");
    }

    /** Makes {@link #multi} a stream whose client does not keep up: more unsent than its high water mark. */
    private void multiFallsBehind() {
        multi.config().setWriteBufferWaterMark(new WriteBufferWaterMark(8, 16));
        multi.write(text("data: more than the client takes\n\n"));
        assertThat(multi.isWritable()).isFalse();
    }

    @Test
    void aStreamOfSeveralNodesThatDoesNotKeepUpIsClosedAtTheNextEventOfItsNodes() {
        multiFallsBehind();
        tell(new ItemsPublished(NODE, List.of(item(1, "i1", "<e xmlns='urn:t'/>")), List.of()));
        assertThat(multi.isOpen()).isFalse();
        assertThat(Wire.sent(single)).isEqualTo("id: 1\ndata: <e xmlns='urn:t'/>\n\n");
    }

    @Test
    void aStreamOfSeveralNodesThatDoesNotKeepUpIsClosedEvenAtAnEventItIsNotToldOf() {
        multiFallsBehind();
        tell(new Subscribed(NODE, subscription(SubscriptionState.SUBSCRIBED), null));
        assertThat(multi.isOpen()).isFalse();
    }

    @Test
    void anUntoldRemovalLeavesAStreamOfSeveralNodesThatDoesNotKeepUpAsItIs_xep0060_7_2_2_1() {
        multiFallsBehind();
        tell(new ItemsRetracted(NODE, List.of("i1"), List.of(), false, 0));
        assertThat(multi.isOpen()).isTrue();
    }

    @Test
    void aStreamOfSeveralNodesThatDoesNotKeepUpIsStillToldOfADelete() {
        multiFallsBehind();
        tell(new NodeDeleted(NODE, List.of()));
        assertThat(multi.isOpen()).isTrue();
        multi.flush();
        assertThat(Wire.sent(multi)).endsWith("event: delete\nid: \ndata: {\"node\":\"news/today\"}\n\n");
    }

    // Several instances on one store (issue 14): an event committed by another instance can reach this one's
    // streams after an opening here read it from the store. A stream gets each event once (DESIGN "SSE contract":
    // everything since Last-Event-ID, in order, exactly once).

    @Test
    void aPublishTheOpeningReplayedIsNotWrittenAgainAndTheNextIs_sseExactlyOnce() {
        EmbeddedChannel stream = openedAfter(replayedUpTo5());
        EmbeddedChannel ofSeveral = openedOfSeveralAfter(replayedUpTo5(), new OpenStream.Start(SPORTS, List.of(), false, 9));
        tell(new ItemsPublished(NODE, List.of(item(4, "i4", "<e xmlns='urn:t'/>"), item(5, "i5", "<e xmlns='urn:t'/>")),
                List.of()));
        assertThat(Wire.sent(stream)).isEmpty();
        assertThat(Wire.sent(ofSeveral)).isEmpty();
        assertThat(Wire.sent(single)).as("a stream opened before").isEqualTo("id: 4\ndata: <e xmlns='urn:t'/>\n\n"
                + "id: 5\ndata: <e xmlns='urn:t'/>\n\n");
        tell(new ItemsPublished(NODE, List.of(item(6, "i6", "<e xmlns='urn:t'/>")), List.of()));
        assertThat(Wire.sent(stream)).isEqualTo("id: 6\ndata: <e xmlns='urn:t'/>\n\n");
        assertThat(Wire.sent(ofSeveral)).isEqualTo(
                "id: news%2Ftoday:6,sports:9\ndata: {\"node\":\"news/today\",\"id\":\"i6\",\"payload\":\"<e xmlns='urn:t'/>\"}\n\n");
        // each node of a stream of several has its own mark
        tell(new ItemsPublished(SPORTS, List.of(item(9, "s9", "<g xmlns='urn:t'/>")), List.of()));
        tell(new ItemsPublished(SPORTS, List.of(item(10, "s10", "<g xmlns='urn:t'/>")), List.of()));
        assertThat(Wire.sent(ofSeveral)).isEqualTo(
                "id: news%2Ftoday:6,sports:10\ndata: {\"node\":\"sports\",\"id\":\"s10\",\"payload\":\"<g xmlns='urn:t'/>\"}\n\n");
    }

    @Test
    void aStreamOpenedAfterAnotherGotPastItsMarkSkipsUpToItsOwnAndTheOtherGetsEverything_sseExactlyOnce() {
        EmbeddedChannel first = openedAfter(replayedUpTo5());
        tell(new ItemsPublished(NODE, List.of(item(6, "i6", "<e xmlns='urn:t'/>")), List.of()));
        assertThat(Wire.sent(first)).isEqualTo("id: 6\ndata: <e xmlns='urn:t'/>\n\n");
        EmbeddedChannel second = openedAfter(new OpenStream.Start(NODE, List.of(item(7, "i7", "<e xmlns='urn:t'/>"),
                item(8, "i8", "<e xmlns='urn:t'/>")), false, 8));
        tell(new ItemsPublished(NODE, List.of(item(7, "i7", "<e xmlns='urn:t'/>")), List.of()));
        tell(new ItemsPublished(NODE, List.of(item(8, "i8", "<e xmlns='urn:t'/>")), List.of()));
        assertThat(Wire.sent(first)).isEqualTo("id: 7\ndata: <e xmlns='urn:t'/>\n\n" + "id: 8\ndata: <e xmlns='urn:t'/>\n\n");
        assertThat(Wire.sent(second)).isEmpty();
        tell(new ItemsPublished(NODE, List.of(item(9, "i9", "<e xmlns='urn:t'/>")), List.of()));
        assertThat(Wire.sent(first)).isEqualTo("id: 9\ndata: <e xmlns='urn:t'/>\n\n");
        assertThat(Wire.sent(second)).isEqualTo("id: 9\ndata: <e xmlns='urn:t'/>\n\n");
    }

    @Test
    void aToldRemovalAtOrBelowTheNodesPositionAtTheOpeningIsNotWrittenAndTheNextIs_xep0060_7_2_2_1() {
        OpenStream.Start nothingReplayed = new OpenStream.Start(NODE, List.of(), false, 5);
        EmbeddedChannel stream = openedAfter(nothingReplayed);
        EmbeddedChannel ofSeveral = openedOfSeveralAfter(nothingReplayed, new OpenStream.Start(SPORTS, List.of(), false, 0));
        tell(new ItemsRetracted(NODE, List.of("i1"), List.of(), true, 4));
        tell(new ItemsRetracted(NODE, List.of("i2", "i3"), List.of(), true, 5));
        assertThat(Wire.sent(stream)).isEmpty();
        assertThat(Wire.sent(ofSeveral)).isEmpty();
        tell(new ItemsRetracted(NODE, List.of("i4"), List.of(), true, 6));
        assertThat(Wire.sent(stream)).isEqualTo("event: retract\nid: 6\ndata: i4\n\n");
        assertThat(Wire.sent(ofSeveral)).isEqualTo(
                "event: retract\nid: news%2Ftoday:6,sports:0\ndata: {\"node\":\"news/today\",\"id\":\"i4\"}\n\n");
    }

    @Test
    void aPurgeAtOrBelowTheResetsPositionIsNotWrittenAndTheNextIs() {
        OpenStream.Start reset = new OpenStream.Start(NODE, List.of(), true, 5);
        EmbeddedChannel stream = openedAfter(reset);
        EmbeddedChannel ofSeveral = openedOfSeveralAfter(reset, new OpenStream.Start(SPORTS, List.of(), false, 0));
        tell(new NodePurged(NODE, List.of(), 5));
        assertThat(Wire.sent(stream)).isEmpty();
        assertThat(Wire.sent(ofSeveral)).isEmpty();
        tell(new NodePurged(NODE, List.of(), 6));
        assertThat(Wire.sent(stream)).isEqualTo("event: purge\nid: 6\ndata: {\"node\":\"news/today\"}\n\n");
        assertThat(Wire.sent(ofSeveral)).isEqualTo("event: purge\nid: news%2Ftoday:6,sports:0\ndata: {\"node\":\"news/today\"}\n\n");
    }

    @Test
    void eventsWithoutAPlaceInTheSequenceReachAStreamOpenedPastTheirCommitAsAnyOther() {
        EmbeddedChannel stream = openedAfter(replayedUpTo5());
        EmbeddedChannel ofSeveral = openedOfSeveralAfter(replayedUpTo5(), new OpenStream.Start(SPORTS, List.of(), false, 0));
        tell(new NodeConfigured(NODE, List.of(), true));
        tell(new ItemsPublished(NODE, List.of(item(Item.NOT_STORED, "t", "<e xmlns='urn:t'/>")), List.of()));
        tell(new ItemsRetracted(NODE, List.of("i1"), List.of(), false, 0));
        assertThat(Wire.sent(stream)).isEqualTo("event: config\ndata: {\"node\":\"news/today\"}\n\n"
                + "data: <e xmlns='urn:t'/>\n\n");
        assertThat(Wire.sent(ofSeveral)).isEqualTo("event: config\nid: news%2Ftoday:5,sports:0\ndata: {\"node\":\"news/today\"}\n\n"
                + "id: news%2Ftoday:5,sports:0\ndata: {\"node\":\"news/today\",\"id\":\"t\",\"payload\":\"<e xmlns='urn:t'/>\"}\n\n");
        tell(new AffiliationChanged(NODE, new JID("carol@localhost"), Affiliation.OUTCAST));
        assertThat(stream.isOpen()).isTrue();
        tell(new NodeDeleted(NODE, List.of()));
        ByteBuf delete = stream.readOutbound();
        assertThat(delete.toString(StandardCharsets.UTF_8))
                .isEqualTo("event: delete\ndata: {\"node\":\"news/today\"}\n\n");
        delete.release();
        assertThat((Object) stream.readOutbound()).as("the end of its body").isInstanceOf(LastHttpContent.class);
        assertThat(stream.isOpen()).isFalse();
        assertThat(Wire.sent(ofSeveral)).isEqualTo("event: delete\nid: news%2Ftoday:5,sports:0\ndata: {\"node\":\"news/today\"}\n\n");
    }

    @Test
    void everyStreamEndsToResumeWhenTheInstanceMayHaveMissedEvents() {
        tell(new ItemsPublished(NODE, List.of(item(1, "i1", "<e xmlns='urn:t'/>")), List.of()));
        assertThat(streams.endAllToResume()).isEqualTo(3);
        single.runPendingTasks();
        anonymous.runPendingTasks();
        multi.runPendingTasks();
        assertThat(Wire.sent(single)).isEqualTo("id: 1\ndata: <e xmlns='urn:t'/>\n\n");
        assertThat(single.isOpen()).isFalse();
        assertThat(anonymous.isOpen()).isFalse();
        assertThat(multi.isOpen()).isFalse();
        assertThat(streams.count()).isZero();
    }
}
