package org.pubsubserver.xmpp.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pubsubserver.core.config.InvalidConfigException;
import org.pubsubserver.core.model.NodeConfig;
import org.pubsubserver.core.model.Subscription;
import org.pubsubserver.core.model.SubscriptionOptions;
import org.pubsubserver.core.model.SubscriptionState;
import org.pubsubserver.xmpp.notify.Recipients.Reach;
import org.pubsubserver.xmpp.presence.PresenceTracker;
import org.xmpp.packet.JID;

/** Choosing whom an event is told, apart from writing what they are told. */
class RecipientsTest {
    private static final NodeConfig CONFIG = NodeConfig.defaults();
    private final Recipients recipients = new Recipients(new PresenceTracker());

    private static Subscription subscription(String jid, String subId, SubscriptionState state, Map<String, String> options) {
        try {
            return new Subscription("n", new JID(jid), subId, state, SubscriptionOptions.defaults().with(options));
        } catch (InvalidConfigException e) {
            throw new AssertionError(e);
        }
    }

    private static final List<Subscription> SUBSCRIPTIONS = List.of(
            subscription("b@x", "b-1", SubscriptionState.SUBSCRIBED, Map.of()),
            subscription("a@x", "a-1", SubscriptionState.SUBSCRIBED, Map.of("pubsub#digest", "1")),
            subscription("p@x", "p-1", SubscriptionState.PENDING, Map.of()),
            subscription("b@x", "b-2", SubscriptionState.SUBSCRIBED, Map.of("pubsub#include_body", "true")),
            subscription("a@x", "a-2", SubscriptionState.SUBSCRIBED, Map.of("pubsub#digest", "1",
                    "pubsub#digest_frequency", "60000")),
            subscription("off@x", "o-1", SubscriptionState.SUBSCRIBED, Map.of("pubsub#deliver", "false")));

    @Test
    void oneRecipientPerJidInTheOrderOfItsFirstSubscription_6_1_6() {
        List<Recipient> told = List.copyOf(recipients.of(CONFIG, SUBSCRIPTIONS, Reach.SUBSCRIBED));
        assertThat(told).extracting(Recipient::jid).as("pending and deliver=false are not told")
                .containsExactly("b@x", "a@x");
        assertThat(told.get(0).subscriptions()).extracting(Subscription::subId).containsExactly("b-1", "b-2");
        assertThat(told.get(0).hasSeveral()).isTrue();
        assertThat(told.get(0).wantsBody()).as("include_body on one of its subscriptions").isTrue();
        assertThat(told.get(0).wantsDigest()).isFalse();
        assertThat(told.get(1).wantsDigest()).isTrue();
        assertThat(told.get(1).wantsBody()).isFalse();
        assertThat(told.get(1).digestFrequency()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void pendingSubscriptionsAreReachedOnlyWhenAsked_8_4_2() {
        assertThat(recipients.of(CONFIG, SUBSCRIPTIONS, Reach.SUBSCRIBED_AND_PENDING)).extracting(Recipient::jid)
                .containsExactly("b@x", "a@x", "p@x");
    }

    @Test
    void presenceBasedDeliveryLeavesOutUnavailableJids_17_4_4() {
        NodeConfig config = NodeConfig.of(Map.of("pubsub#presence_based_delivery", "true"));
        assertThat(recipients.of(config, SUBSCRIPTIONS, Reach.SUBSCRIBED)).isEmpty();
    }
}
