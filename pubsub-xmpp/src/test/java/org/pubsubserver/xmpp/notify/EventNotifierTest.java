package org.pubsubserver.xmpp.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.dom4j.DocumentHelper;
import org.dom4j.Element;
import org.junit.jupiter.api.Test;
import org.pubsubserver.core.event.ItemsPublished;
import org.pubsubserver.core.event.ItemsRetracted;
import org.pubsubserver.core.event.NodeDeleted;
import org.pubsubserver.core.model.Item;
import org.pubsubserver.core.model.Node;
import org.pubsubserver.core.model.NodeConfig;
import org.pubsubserver.core.model.Subscription;
import org.pubsubserver.core.model.SubscriptionOptions;
import org.pubsubserver.core.model.SubscriptionState;
import org.xmpp.packet.JID;

/** Notification shapes: one message per subscribed JID, SubID SHIM headers where a JID has several. */
class EventNotifierTest {
    private static final JID FRANCISCO = new JID("francisco@denmark.lit");
    private static final JID BERNARDO = new JID("bernardo@denmark.lit/phone");
    private static final Node NODE = new Node(1, "princely_musings", new JID("hamlet@denmark.lit"), Instant.EPOCH,
            NodeConfig.defaults());
    private static final Item ITEM = new Item(1, 1, "ae890ac52d0df67ed7cfdf51b644e901", new JID("hamlet@denmark.lit/e"),
            Instant.EPOCH, "<entry xmlns='http://www.w3.org/2005/Atom'><title>Soliloquy</title></entry>");

    private final List<String> sent = new ArrayList<>();
    private final org.pubsubserver.xmpp.presence.PresenceTracker presence = new org.pubsubserver.xmpp.presence.PresenceTracker();
    private final List<Runnable> scheduled = new ArrayList<>();
    private final List<java.time.Duration> delays = new ArrayList<>();
    private final EventNotifier notifier = new EventNotifier(new JID("pubsub.shakespeare.lit"), sent::add, presence,
            (task, delay) -> {
                scheduled.add(task);
                delays.add(delay);
            });

    private static List<Subscription> subscriptions() {
        return List.of(
                new Subscription(NODE.name(), FRANCISCO, "123-abc", SubscriptionState.SUBSCRIBED),
                new Subscription(NODE.name(), FRANCISCO, "004-yyy", SubscriptionState.SUBSCRIBED),
                new Subscription(NODE.name(), BERNARDO, "b-1", SubscriptionState.SUBSCRIBED),
                new Subscription(NODE.name(), new JID("pending@denmark.lit"), "p-1", SubscriptionState.PENDING));
    }

    private Element message(JID to) throws Exception {
        for (String xml : sent) {
            Element message = DocumentHelper.parseText(xml).getRootElement();
            if (message.attributeValue("to").equals(to.toString())) {
                return message;
            }
        }
        throw new AssertionError("no message to " + to + " in " + sent);
    }

    @Test
    void oneMessagePerSubscribedJidWithSubIdHeadersWhenItHasSeveral_6_1_6_and_7_1_2_4() throws Exception {
        notifier.onEvent(new ItemsPublished(NODE, List.of(ITEM), subscriptions()));
        assertThat(sent).hasSize(2);
        Element francisco = message(FRANCISCO);
        assertThat(francisco.attributeValue("from")).isEqualTo("pubsub.shakespeare.lit");
        assertThat(francisco.element("event").element("items").element("item").attributeValue("id"))
                .isEqualTo(ITEM.itemId());
        Element headers = francisco.elements().get(francisco.elements().size() - 1);
        assertThat(headers.getName()).isEqualTo("headers");
        assertThat(headers.getNamespaceURI()).isEqualTo("http://jabber.org/protocol/shim");
        assertThat(headers.elements("header")).extracting(h -> h.attributeValue("name") + "=" + h.getText())
                .containsExactly("SubID=123-abc", "SubID=004-yyy");
        assertThat(message(BERNARDO).element("headers")).isNull();
    }

    @Test
    void retractNotificationsCarrySubIdHeadersToo_7_2_2_2() throws Exception {
        notifier.onEvent(new ItemsRetracted(NODE, List.of(ITEM.itemId()), subscriptions(), true, 7));
        Element francisco = message(FRANCISCO);
        assertThat(francisco.element("event").element("items").element("retract").attributeValue("id"))
                .isEqualTo(ITEM.itemId());
        assertThat(francisco.element("headers").elements("header")).hasSize(2);
    }

    @Test
    void aRetractWithoutNotifySendsNothing_7_2_2() {
        notifier.onEvent(new ItemsRetracted(NODE, List.of(ITEM.itemId()), subscriptions(), false, 7));
        assertThat(sent).isEmpty();
    }

    private static Node nodeWith(java.util.Map<String, String> config) {
        return new Node(1, "princely_musings", new JID("hamlet@denmark.lit"), Instant.EPOCH, NodeConfig.of(config));
    }

    @Test
    void notificationsAreHeadlinesByDefaultAndNormalWhenConfigured() throws Exception {
        notifier.onEvent(new ItemsPublished(NODE, List.of(ITEM), subscriptions()));
        assertThat(message(BERNARDO).attributeValue("type")).isEqualTo("headline");
        sent.clear();
        notifier.onEvent(new ItemsPublished(nodeWith(java.util.Map.of("pubsub#notification_type", "normal")),
                List.of(ITEM), subscriptions()));
        assertThat(message(BERNARDO).attributeValue("type")).isNull();
    }

    @Test
    void withoutDeliverPayloadsTheItemCarriesNoPayload_7_1_2_2() throws Exception {
        notifier.onEvent(new ItemsPublished(nodeWith(java.util.Map.of("pubsub#deliver_payloads", "false")),
                List.of(ITEM), subscriptions()));
        Element item = message(BERNARDO).element("event").element("items").element("item");
        assertThat(item.attributeValue("id")).isEqualTo(ITEM.itemId());
        assertThat(item.elements()).isEmpty();
    }

    @Test
    void itemreplyPublisherNamesThePublisher_7_1_2_3() throws Exception {
        notifier.onEvent(new ItemsPublished(nodeWith(java.util.Map.of("pubsub#itemreply", "publisher")),
                List.of(ITEM), subscriptions()));
        assertThat(message(BERNARDO).element("event").element("items").element("item").attributeValue("publisher"))
                .isEqualTo("hamlet@denmark.lit/e");
        sent.clear();
        notifier.onEvent(new ItemsPublished(NODE, List.of(ITEM), subscriptions()));
        assertThat(message(BERNARDO).element("event").element("items").element("item").attributeValue("publisher"))
                .isNull();
    }

    @Test
    void withoutDeliverNotificationsOrNotifyDeleteNothingIsSent() {
        notifier.onEvent(new ItemsPublished(nodeWith(java.util.Map.of("pubsub#deliver_notifications", "false")),
                List.of(ITEM), subscriptions()));
        notifier.onEvent(new NodeDeleted(nodeWith(java.util.Map.of("pubsub#notify_delete", "false")), subscriptions()));
        assertThat(sent).isEmpty();
    }

    private void presenceOf(String fullJid, String show) throws Exception {
        presence.update(DocumentHelper.parseText("<presence from='" + fullJid + "'>"
                + (show == null ? "" : "<show>" + show + "</show>") + "</presence>").getRootElement());
    }

    @Test
    void presenceBasedDeliveryNotifiesOnlyAvailableSubscribers_17_4_4() throws Exception {
        Node node = nodeWith(java.util.Map.of("pubsub#presence_based_delivery", "true"));
        notifier.onEvent(new ItemsPublished(node, List.of(ITEM), subscriptions()));
        assertThat(sent).isEmpty();
        presenceOf("francisco@denmark.lit/home", null);
        notifier.onEvent(new ItemsPublished(node, List.of(ITEM), subscriptions()));
        assertThat(sent).hasSize(1);
        assertThat(message(FRANCISCO)).isNotNull();
    }

    @Test
    void showValuesLimitNotificationsToThosePresenceStates_17_4_2() throws Exception {
        var onlyChat = SubscriptionOptions.defaults().with(java.util.Map.of("pubsub#show-values", "chat"));
        List<Subscription> subscriptions = List.of(
                new Subscription(NODE.name(), BERNARDO, "b-1", SubscriptionState.SUBSCRIBED, onlyChat));
        presenceOf(BERNARDO.toString(), "away");
        notifier.onEvent(new ItemsPublished(NODE, List.of(ITEM), subscriptions));
        assertThat(sent).isEmpty();
        presenceOf(BERNARDO.toString(), "chat");
        notifier.onEvent(new ItemsPublished(NODE, List.of(ITEM), subscriptions));
        assertThat(sent).hasSize(1);
    }

    @Test
    void digestSubscriptionsGetTheirItemsTogetherAfterTheShortestFrequency_17_4_2() throws Exception {
        var daily = SubscriptionOptions.defaults().with(java.util.Map.of("pubsub#digest", "1"));
        var minutely = SubscriptionOptions.defaults().with(java.util.Map.of("pubsub#digest", "1",
                "pubsub#digest_frequency", "60000"));
        List<Subscription> subscriptions = List.of(
                new Subscription(NODE.name(), FRANCISCO, "d-1", SubscriptionState.SUBSCRIBED, daily),
                new Subscription(NODE.name(), FRANCISCO, "d-2", SubscriptionState.SUBSCRIBED, minutely),
                new Subscription(NODE.name(), BERNARDO, "b-1", SubscriptionState.SUBSCRIBED));
        Item second = new Item(1, 2, "second", ITEM.publisher(), Instant.EPOCH, ITEM.payloadXml());
        Item firstAgain = new Item(1, 3, ITEM.itemId(), ITEM.publisher(), Instant.EPOCH, ITEM.payloadXml());
        notifier.onEvent(new ItemsPublished(NODE, List.of(ITEM), subscriptions));
        notifier.onEvent(new ItemsPublished(NODE, List.of(second, firstAgain), subscriptions));
        assertThat(sent).as("bernardo has no digest: notified each time").hasSize(2)
                .allMatch(xml -> xml.contains("to='bernardo@denmark.lit/phone'"));
        assertThat(scheduled).hasSize(1);
        assertThat(delays).containsExactly(java.time.Duration.ofMinutes(1));
        scheduled.get(0).run();
        Element digest = message(FRANCISCO);
        assertThat(digest.element("event").element("items").elements("item")).extracting(i -> i.attributeValue("id"))
                .as("a republished id counts once, at its newest place").containsExactly("second", ITEM.itemId());
        assertThat(digest.element("headers").elements("header")).hasSize(2);
    }

    @Test
    void deleteNotificationsHaveNoSubIdHeaders_13_16() throws Exception {
        notifier.onEvent(new NodeDeleted(NODE, subscriptions()));
        // one message per JID; the pending subscriber is told too (§8.4.2)
        assertThat(sent).hasSize(3);
        assertThat(message(new JID("pending@denmark.lit")).element("event").element("delete")).isNotNull();
        assertThat(message(FRANCISCO).element("headers")).isNull();
        assertThat(message(FRANCISCO).element("event").element("delete").attributeValue("node")).isEqualTo(NODE.name());
    }
}
