package org.pubsubserver.core.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pubsubserver.core.testing.EngineFixture.await;
import static org.pubsubserver.core.testing.EngineFixture.refusal;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pubsubserver.core.engine.Lanes;
import org.pubsubserver.core.engine.PubSubEngine;
import org.pubsubserver.core.error.PubSubCondition;
import org.pubsubserver.core.error.StanzaCondition;
import org.pubsubserver.core.event.EventBus;
import org.pubsubserver.core.event.Subscribed;
import org.pubsubserver.core.event.SubscriptionChanged;
import org.pubsubserver.core.event.SubscriptionRequested;
import org.pubsubserver.core.model.NewItem;
import org.pubsubserver.core.model.NodeConfig;
import org.pubsubserver.core.model.SubscriptionState;
import org.pubsubserver.core.store.jdbc.JdbcStorage;
import org.pubsubserver.core.testing.EngineFixture;
import org.pubsubserver.core.usecase.CreateNode;
import org.pubsubserver.core.usecase.DecideSubscription;
import org.pubsubserver.core.usecase.EngineSettings;
import org.pubsubserver.core.usecase.ManageSubscriptions;
import org.pubsubserver.core.usecase.PendingSubscriptions;
import org.pubsubserver.core.usecase.Publish;
import org.pubsubserver.core.usecase.RetrieveItems;
import org.pubsubserver.core.usecase.Subscribe;
import org.pubsubserver.core.usecase.Unsubscribe;
import org.xmpp.packet.JID;

/** The "authorize" access model: §6.1.4 approval required, §8.6 the owner's answer, §8.7 pending requests. */
class SubscriptionApprovalTest {
    private static final JID ALICE = new JID("alice@example.org/desk");
    private static final JID BOB = new JID("bob@example.org/phone");
    private static final JID CAROL = new JID("carol@example.org/tablet");

    private final EngineFixture fixture = new EngineFixture();
    private final PubSubEngine engine = fixture.engine;

    @AfterEach
    void stop() {
        fixture.close();
    }

    private void createAuthorizeNode() throws Exception {
        await(engine.createNode(new CreateNode.Request(ALICE, "diary", Map.of("pubsub#access_model", "authorize"))));
        await(engine.publish(new Publish.Request(ALICE, "diary", List.of(new NewItem("1", "<e xmlns='urn:t'/>")))));
    }

    private Subscribe.Result bobAsks() throws Exception {
        return await(engine.subscribe(new Subscribe.Request(BOB, "diary", BOB)));
    }

    @Test
    void aSubscriptionWaitsForTheOwnerWhoIsAsked_6_1_4() throws Exception {
        createAuthorizeNode();
        Subscribe.Result result = bobAsks();
        assertThat(result.subscription().state()).isEqualTo(SubscriptionState.PENDING);
        List<SubscriptionRequested> asked = fixture.events(SubscriptionRequested.class, "diary");
        assertThat(asked).hasSize(1);
        assertThat(asked.get(0).owners()).containsExactly(ALICE.asBareJID());
        assertThat(asked.get(0).pending().jid()).isEqualTo(BOB);
        // no last item while pending (§4.2: nothing is sent to a pending subscriber)
        assertThat(fixture.events(Subscribed.class, "diary")).isEmpty();
    }

    @Test
    void askingAgainWhilePendingIsPendingSubscription_6_1_3_7() throws Exception {
        createAuthorizeNode();
        bobAsks();
        var e = refusal(engine.subscribe(new Subscribe.Request(BOB, "diary", BOB)));
        assertThat(e.condition()).isEqualTo(StanzaCondition.NOT_AUTHORIZED);
        assertThat(e.pubSubCondition()).isEqualTo(PubSubCondition.PENDING_SUBSCRIPTION);
    }

    @Test
    void aPendingSubscriberMayNotRetrieveItems_6_5_9_3() throws Exception {
        createAuthorizeNode();
        bobAsks();
        var e = refusal(engine.retrieveItems(new RetrieveItems.Request(BOB, "diary", 0, List.of())));
        assertThat(e.condition()).isEqualTo(StanzaCondition.NOT_AUTHORIZED);
        assertThat(e.pubSubCondition()).isEqualTo(PubSubCondition.NOT_SUBSCRIBED);
    }

    @Test
    void theOwnerApproves_8_6() throws Exception {
        createAuthorizeNode();
        String subId = bobAsks().subscription().subId();
        var approved = await(engine.decideSubscription(new DecideSubscription.Request(ALICE, "diary", subId, BOB, true)));
        assertThat(approved.state()).isEqualTo(SubscriptionState.SUBSCRIBED);
        // the subscriber is told (§8.6, §13.14) and gets the last item (§6.1.7)
        assertThat(fixture.events(SubscriptionChanged.class, "diary"))
                .extracting(c -> c.subscription().jid() + " " + c.subscription().state().value())
                .containsExactly(BOB + " subscribed");
        assertThat(fixture.events(Subscribed.class, "diary")).singleElement()
                .satisfies(s -> assertThat(s.lastItem().itemId()).isEqualTo("1"));
        assertThat(await(engine.retrieveItems(new RetrieveItems.Request(BOB, "diary", 0, List.of()))).items()).hasSize(1);
    }

    @Test
    void theOwnerDenies_8_6() throws Exception {
        createAuthorizeNode();
        String subId = bobAsks().subscription().subId();
        var denied = await(engine.decideSubscription(new DecideSubscription.Request(ALICE, "diary", subId, BOB, false)));
        assertThat(denied.state()).isEqualTo(SubscriptionState.NONE);
        assertThat(fixture.events(SubscriptionChanged.class, "diary"))
                .extracting(c -> c.subscription().state()).containsExactly(SubscriptionState.NONE);
        // the request is gone: bob may ask again
        assertThat(bobAsks().subscription().state()).isEqualTo(SubscriptionState.PENDING);
    }

    @Test
    void onlyAnOwnerMayAnswer_8_6() throws Exception {
        createAuthorizeNode();
        String subId = bobAsks().subscription().subId();
        var e = refusal(engine.decideSubscription(new DecideSubscription.Request(CAROL, "diary", subId, BOB, true)));
        assertThat(e.condition()).isEqualTo(StanzaCondition.FORBIDDEN);
        var none = refusal(engine.decideSubscription(new DecideSubscription.Request(ALICE, "diary", "nope", BOB, true)));
        assertThat(none.condition()).isEqualTo(StanzaCondition.ITEM_NOT_FOUND);
    }

    @Test
    void aPendingRequestIsNotListedAsASubscription_8_8_1_2() throws Exception {
        createAuthorizeNode();
        bobAsks();
        var list = await(engine.manageSubscriptions(new ManageSubscriptions.Request(ALICE, "diary", null)));
        assertThat(list.subscriptions()).isEmpty();
    }

    @Test
    void theSubscriberMayWithdrawItsRequest_6_2() throws Exception {
        createAuthorizeNode();
        bobAsks();
        await(engine.unsubscribe(new Unsubscribe.Request(BOB, "diary", BOB, null)));
        assertThat(await(engine.nodesWithPendingSubscriptions(ALICE))).isEmpty();
    }

    @Test
    void getPendingListsTheOwnersNodesWithRequestsAndAsksAgain_8_7() throws Exception {
        createAuthorizeNode();
        await(engine.createNode(new CreateNode.Request(ALICE, "quiet", Map.of("pubsub#access_model", "authorize"))));
        bobAsks();
        assertThat(await(engine.nodesWithPendingSubscriptions(ALICE))).containsExactly("diary");
        // §8.7.3.3: an entity that owns no node may not
        assertThat(refusal(engine.nodesWithPendingSubscriptions(CAROL)).condition()).isEqualTo(StanzaCondition.FORBIDDEN);
        fixture.clearEvents();
        int asked = await(engine.resendPendingSubscriptions(new PendingSubscriptions.Request(ALICE, "diary")));
        assertThat(asked).isEqualTo(1);
        assertThat(fixture.events(SubscriptionRequested.class, "diary")).singleElement()
                .satisfies(r -> assertThat(r.owners()).containsExactly(ALICE));
        // §8.7.3.4, §8.7.3.3
        assertThat(refusal(engine.resendPendingSubscriptions(new PendingSubscriptions.Request(ALICE, "missing")))
                .condition()).isEqualTo(StanzaCondition.ITEM_NOT_FOUND);
        assertThat(refusal(engine.resendPendingSubscriptions(new PendingSubscriptions.Request(CAROL, "diary")))
                .condition()).isEqualTo(StanzaCondition.FORBIDDEN);
    }

    @Test
    void pendingSubscriptionsSurviveARestart(@TempDir Path data) throws Exception {
        String subId;
        try (var first = new Restartable(data)) {
            await(first.engine.createNode(new CreateNode.Request(ALICE, "diary", Map.of("pubsub#access_model", "authorize"))));
            subId = await(first.engine.subscribe(new Subscribe.Request(BOB, "diary", BOB))).subscription().subId();
        }
        try (var second = new Restartable(data)) {
            assertThat(await(second.engine.nodesWithPendingSubscriptions(ALICE))).containsExactly("diary");
            var approved = await(second.engine.decideSubscription(
                    new DecideSubscription.Request(ALICE, "diary", subId, BOB, true)));
            assertThat(approved.state()).isEqualTo(SubscriptionState.SUBSCRIBED);
        }
    }

    /** An engine on an H2 file, closed and opened again on the same directory. */
    private static final class Restartable implements AutoCloseable {
        final JdbcStorage storage;
        final Lanes lanes;
        final PubSubEngine engine;

        Restartable(Path data) {
            storage = JdbcStorage.openFile(data, 2);
            lanes = new Lanes(2, 100, storage.nodeStore().groupCommit());
            engine = new PubSubEngine(storage.nodeStore(), new EventBus(), Clock.systemUTC(),
                    new EngineSettings(NodeConfig.defaults()), lanes);
        }

        @Override
        public void close() {
            lanes.close();
            storage.close();
        }
    }
}
