package org.pubsubserver.core.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pubsubserver.core.testing.EngineFixture.await;
import static org.pubsubserver.core.testing.EngineFixture.refusal;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pubsubserver.core.error.PubSubCondition;
import org.pubsubserver.core.error.StanzaCondition;
import org.pubsubserver.core.model.SubscriptionState;
import org.pubsubserver.core.testing.EngineFixture;
import org.pubsubserver.core.testing.FixedRosters;
import org.pubsubserver.core.usecase.ConfigureNode;
import org.pubsubserver.core.usecase.CreateNode;
import org.pubsubserver.core.usecase.RetrieveItems;
import org.pubsubserver.core.usecase.RetrieveSubscriptions;
import org.pubsubserver.core.usecase.Subscribe;
import org.xmpp.packet.JID;

/** The presence and roster access models (XEP-0060 §4.5), decided from the owners' rosters. */
class RosterAccessModelsTest {
    private static final JID ALICE = new JID("alice@example.org/desk");
    private static final JID BOB = new JID("bob@example.org/phone");
    private static final JID CAROL = new JID("carol@example.org/tablet");
    private static final JID DAVE = new JID("dave@example.org/x");

    private final FixedRosters rosters = new FixedRosters()
            .with(ALICE, BOB, "both", "friends")
            .with(ALICE, CAROL, "from", "work")
            .with(ALICE, DAVE, "to", "friends"); // dave sees no presence of alice's: "to" is alice's subscription

    @Test
    void presenceLetsInThoseWhoSeeAnOwnersPresence_6_1_3_2_and_6_5_9_6() throws Exception {
        try (var fixture = new EngineFixture(ServicePolicy.open(), rosters)) {
            await(fixture.engine.createNode(new CreateNode.Request(ALICE, "mood", Map.of("pubsub#access_model", "presence"))));
            for (JID allowed : List.of(BOB, CAROL)) {
                assertThat(await(fixture.engine.subscribe(new Subscribe.Request(allowed, "mood", allowed)))
                        .subscription().state()).isEqualTo(SubscriptionState.SUBSCRIBED);
                await(fixture.engine.retrieveItems(new RetrieveItems.Request(allowed, "mood", 0, List.of())));
            }
            // the roster was fetched once, away from the lane, and then read from the cache
            assertThat(rosters.fetches()).isEqualTo(1);
            var refused = refusal(fixture.engine.subscribe(new Subscribe.Request(DAVE, "mood", DAVE)));
            assertThat(refused.condition()).isEqualTo(StanzaCondition.NOT_AUTHORIZED);
            assertThat(refused.pubSubCondition()).isEqualTo(PubSubCondition.PRESENCE_SUBSCRIPTION_REQUIRED);
            assertThat(refusal(fixture.engine.retrieveItems(new RetrieveItems.Request(DAVE, "mood", 0, List.of())))
                    .pubSubCondition()).isEqualTo(PubSubCondition.PRESENCE_SUBSCRIPTION_REQUIRED);
        }
    }

    @Test
    void rosterLetsInTheAllowedGroups_6_1_3_3_and_6_5_9_7() throws Exception {
        try (var fixture = new EngineFixture(ServicePolicy.open(), rosters)) {
            await(fixture.engine.createNode(new CreateNode.Request(ALICE, "photos", Map.of("pubsub#access_model", "roster",
                    "pubsub#roster_groups_allowed", "friends\nfamily"))));
            await(fixture.engine.subscribe(new Subscribe.Request(BOB, "photos", BOB)));
            var refused = refusal(fixture.engine.subscribe(new Subscribe.Request(CAROL, "photos", CAROL)));
            assertThat(refused.condition()).isEqualTo(StanzaCondition.NOT_AUTHORIZED);
            assertThat(refused.pubSubCondition()).isEqualTo(PubSubCondition.NOT_IN_ROSTER_GROUP);
            // in an allowed group but not sharing presence: still not
            assertThat(refusal(fixture.engine.subscribe(new Subscribe.Request(DAVE, "photos", DAVE))).pubSubCondition())
                    .isEqualTo(PubSubCondition.NOT_IN_ROSTER_GROUP);
            // the owner lets "work" in too
            await(fixture.engine.configureNode(new ConfigureNode.Request(ALICE, "photos",
                    Map.of("pubsub#roster_groups_allowed", "friends\nwork"))));
            await(fixture.engine.subscribe(new Subscribe.Request(CAROL, "photos", CAROL)));
        }
    }

    @Test
    void switchingToPresenceEndsTheSubscriptionsOfThoseOutsideTheRoster_4_5() throws Exception {
        try (var fixture = new EngineFixture(ServicePolicy.open(), rosters)) {
            await(fixture.engine.createNode(new CreateNode.Request(ALICE, "mood")));
            JID eve = new JID("eve@example.org/e");
            await(fixture.engine.subscribe(new Subscribe.Request(BOB, "mood", BOB)));
            await(fixture.engine.subscribe(new Subscribe.Request(eve, "mood", eve)));
            await(fixture.engine.configureNode(new ConfigureNode.Request(ALICE, "mood",
                    Map.of("pubsub#access_model", "presence"))));
            assertThat(await(fixture.engine.retrieveSubscriptions(new RetrieveSubscriptions.Request(BOB, "mood")))).hasSize(1);
            assertThat(await(fixture.engine.retrieveSubscriptions(new RetrieveSubscriptions.Request(eve, "mood")))).isEmpty();
        }
    }

    @Test
    void aRefusalReadsTheRosterAgainSoAContactAddedWithoutARosterPushIsLetIn_6_1_3_2_and_6_5_9_6() throws Exception {
        try (var fixture = new EngineFixture(ServicePolicy.open(), rosters)) {
            JID eve = new JID("eve@example.org/e");
            await(fixture.engine.createNode(new CreateNode.Request(ALICE, "mood", Map.of("pubsub#access_model", "presence"))));
            assertThat(refusal(fixture.engine.subscribe(new Subscribe.Request(eve, "mood", eve))).pubSubCondition())
                    .isEqualTo(PubSubCondition.PRESENCE_SUBSCRIPTION_REQUIRED);
            // alice adds eve a moment later; the XMPP server sends no roster push (ejabberd 23.01 sends none)
            rosters.withoutPush(ALICE, eve, "both");
            int fetched = rosters.fetches();
            // the cached roster would refuse her: the refusal reads the roster again first, and she is let in
            await(fixture.engine.retrieveItems(new RetrieveItems.Request(eve, "mood", 0, List.of())));
            assertThat(rosters.fetches()).isEqualTo(fetched + 1);
            // a cached roster that admits is taken as it is
            assertThat(await(fixture.engine.subscribe(new Subscribe.Request(eve, "mood", eve))).subscription().state())
                    .isEqualTo(SubscriptionState.SUBSCRIBED);
            assertThat(rosters.fetches()).isEqualTo(fetched + 1);
        }
    }

    @Test
    void withoutRostersTheyAreNotOffered_8_1_2() throws Exception {
        try (var fixture = new EngineFixture()) {
            for (String model : List.of("presence", "roster")) {
                var refused = refusal(fixture.engine.createNode(new CreateNode.Request(ALICE, model,
                        Map.of("pubsub#access_model", model))));
                assertThat(refused.condition()).isEqualTo(StanzaCondition.NOT_ACCEPTABLE);
                assertThat(refused.pubSubCondition()).isEqualTo(PubSubCondition.UNSUPPORTED_ACCESS_MODEL);
            }
            await(fixture.engine.createNode(new CreateNode.Request(ALICE, "open")));
            assertThat(refusal(fixture.engine.configureNode(new ConfigureNode.Request(ALICE, "open",
                    Map.of("pubsub#access_model", "presence")))).pubSubCondition())
                    .isEqualTo(PubSubCondition.UNSUPPORTED_ACCESS_MODEL);
        }
    }
}
