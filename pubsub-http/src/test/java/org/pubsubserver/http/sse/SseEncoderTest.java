package org.pubsubserver.http.sse;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pubsubserver.core.event.AffiliationChanged;
import org.pubsubserver.core.event.ItemsPublished;
import org.pubsubserver.core.event.ItemsRetracted;
import org.pubsubserver.core.event.NodeConfigured;
import org.pubsubserver.core.event.NodeDeleted;
import org.pubsubserver.core.event.NodePurged;
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

/** Each kind of event, and each case of a kind, to what it is to the streams of its node. */
class SseEncoderTest {
    private static final JID BOB = new JID("bob@localhost/phone");
    private static final JID OWNER = new JID("owner@localhost");
    private static final Node NODE = node(NodeConfig.defaults());

    private final SseEncoder encoder = new SseEncoder();

    private static Node node(NodeConfig config) {
        return new Node(1, "n\"1", OWNER, Instant.EPOCH, config);
    }

    private static Subscription subscription(SubscriptionState state) {
        return new Subscription("n\"1", BOB, "s1", state, SubscriptionOptions.defaults());
    }

    private static Item item(long sequence, String id, String payload) {
        return new Item(1, sequence, id, BOB, Instant.EPOCH, payload);
    }

    /** The messages of an outcome that sends, as the two kinds of stream read them: text, then the multi data. */
    private static List<String> sent(StreamOutcome outcome, String node) {
        assertThat(outcome).isInstanceOf(StreamOutcome.Send.class);
        List<String> read = new ArrayList<>();
        for (SseMessage message : ((StreamOutcome.Send) outcome).messages()) {
            read.add(message.text());
            read.add(message.multiData(node));
        }
        return read;
    }

    @Test
    void publishedItemsAreSentAsDefaultEventsWithTheirSequenceAndATransientOneWithoutId() {
        StreamOutcome outcome = new ItemsPublished(NODE, List.of(item(4, "i4", "<e xmlns='urn:t'>4</e>"),
                item(Item.NOT_STORED, "t", "<json xmlns='urn:xmpp:json:0'>{\"a\":\"b\"}</json>")), List.of())
                .accept(encoder);
        assertThat(outcome).isEqualTo(new StreamOutcome.Send(List.of(
                new SseMessage.Published(4, "i4", "<e xmlns='urn:t'>4</e>"),
                new SseMessage.Published(SseMessage.NO_POSITION, "t", "{\"a\":\"b\"}"))));
        assertThat(sent(outcome, "n\"1")).containsExactly(
                "id: 4\ndata: <e xmlns='urn:t'>4</e>\n\n",
                "{\"node\":\"n\\\"1\",\"id\":\"i4\",\"payload\":\"<e xmlns='urn:t'>4</e>\"}",
                "data: {\"a\":\"b\"}\n\n",
                "{\"node\":\"n\\\"1\",\"id\":\"t\",\"payload\":\"{\\\"a\\\":\\\"b\\\"}\"}");
    }

    @Test
    void aToldRemovalIsOneRetractPerItemAtTheRemovalsSequence_xep0060_7_2_2_1() {
        StreamOutcome outcome = new ItemsRetracted(NODE, List.of("i1", "i2"), List.of(), true, 9).accept(encoder);
        assertThat(outcome).isEqualTo(new StreamOutcome.Send(List.of(new SseMessage.Retracted(9, "i1"),
                new SseMessage.Retracted(9, "i2"))));
        assertThat(sent(outcome, "n\"1")).containsExactly(
                "event: retract\nid: 9\ndata: i1\n\n", "{\"node\":\"n\\\"1\",\"id\":\"i1\"}",
                "event: retract\nid: 9\ndata: i2\n\n", "{\"node\":\"n\\\"1\",\"id\":\"i2\"}");
    }

    @Test
    void anUntoldRemovalIsNotToldToStreams_xep0060_7_2_2_1() {
        assertThat(new ItemsRetracted(NODE, List.of("i1"), List.of(), false, 0).accept(encoder))
                .isEqualTo(new StreamOutcome.Untold());
    }

    @Test
    void aPurgeIsSentAtItsSequence() {
        StreamOutcome outcome = new NodePurged(NODE, List.of(), 12).accept(encoder);
        assertThat(outcome).isEqualTo(new StreamOutcome.Send(List.of(SseMessage.purge("n\"1", 12))));
        assertThat(sent(outcome, "n\"1")).containsExactly("event: purge\nid: 12\ndata: {\"node\":\"n\\\"1\"}\n\n",
                "{\"node\":\"n\\\"1\"}");
    }

    @Test
    void aDeleteIsSentThenTheStreamsEnd() {
        StreamOutcome outcome = new NodeDeleted(NODE, List.of(), "xmpp:other?;node=m").accept(encoder);
        assertThat(outcome).isEqualTo(new StreamOutcome.SendThenEnd(SseMessage.delete("n\"1")));
        SseMessage delete = ((StreamOutcome.SendThenEnd) outcome).message();
        assertThat(delete.text()).isEqualTo("event: delete\ndata: {\"node\":\"n\\\"1\"}\n\n");
        assertThat(delete.multiData("n\"1")).isEqualTo("{\"node\":\"n\\\"1\"}");
    }

    @Test
    void aConfigurationChangeOfAnOpenNodeIsSentWithoutIdUnderNotifyConfigOnly_xep0060_8_2_5_3() {
        StreamOutcome told = new NodeConfigured(NODE, List.of(), true).accept(encoder);
        assertThat(told).isEqualTo(new StreamOutcome.Send(List.of(SseMessage.config("n\"1"))));
        assertThat(sent(told, "n\"1")).containsExactly("event: config\ndata: {\"node\":\"n\\\"1\"}\n\n",
                "{\"node\":\"n\\\"1\"}");
        assertThat(new NodeConfigured(NODE, List.of(), false).accept(encoder)).isEqualTo(new StreamOutcome.Nothing());
    }

    @Test
    void aNodeThatIsNoLongerOpenEndsAllItsStreamsToldOrNot() {
        Node whitelist = node(NodeConfig.of(Map.of("pubsub#access_model", "whitelist")));
        assertThat(new NodeConfigured(whitelist, List.of(), true).accept(encoder)).isEqualTo(new StreamOutcome.EndAll());
        assertThat(new NodeConfigured(whitelist, List.of(), false).accept(encoder)).isEqualTo(new StreamOutcome.EndAll());
    }

    @Test
    void anAffiliationChangeEndsTheStreamsReadByItsBareJid() {
        assertThat(new AffiliationChanged(NODE, BOB, Affiliation.OUTCAST).accept(encoder))
                .isEqualTo(new StreamOutcome.EndReadBy("bob@localhost"));
        assertThat(new AffiliationChanged(NODE, BOB, Affiliation.PUBLISHER).accept(encoder))
                .isEqualTo(new StreamOutcome.EndReadBy("bob@localhost"));
    }

    @Test
    void aRemovedSubscriptionEndsTheStreamsReadByItsBareJidAndOtherChangesNothing() {
        assertThat(new SubscriptionChanged(NODE, subscription(SubscriptionState.NONE), true, List.of()).accept(encoder))
                .isEqualTo(new StreamOutcome.EndReadBy("bob@localhost"));
        for (SubscriptionState state : List.of(SubscriptionState.SUBSCRIBED, SubscriptionState.PENDING,
                SubscriptionState.UNCONFIGURED)) {
            assertThat(new SubscriptionChanged(NODE, subscription(state), true, List.of(OWNER)).accept(encoder))
                    .as(state.name()).isEqualTo(new StreamOutcome.Nothing());
        }
    }

    @Test
    void subscriptionsMadeOrAwaitingApprovalAreNothingToStreams() {
        assertThat(new Subscribed(NODE, subscription(SubscriptionState.SUBSCRIBED), item(1, "i1", "<e xmlns='urn:t'/>"))
                .accept(encoder)).isEqualTo(new StreamOutcome.Nothing());
        assertThat(new SubscriptionRequested(NODE, subscription(SubscriptionState.PENDING), List.of(OWNER))
                .accept(encoder)).isEqualTo(new StreamOutcome.Nothing());
    }

    @Test
    void aResetCarriesThePositionToStartOverFrom() {
        assertThat(SseMessage.reset("n\"1", 0).text()).isEqualTo("event: reset\nid: 0\ndata: {\"node\":\"n\\\"1\"}\n\n");
    }
}
