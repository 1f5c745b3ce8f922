package org.pubsubserver.core.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pubsubserver.core.testing.EngineFixture.await;
import static org.pubsubserver.core.testing.EngineFixture.refusal;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.pubsubserver.core.engine.PubSubEngine;
import org.pubsubserver.core.error.StanzaCondition;
import org.pubsubserver.core.event.SubscriptionChanged;
import org.pubsubserver.core.model.SubscriptionState;
import org.pubsubserver.core.testing.EngineFixture;
import org.pubsubserver.core.usecase.CreateNode;
import org.pubsubserver.core.usecase.ManageAffiliations;
import org.pubsubserver.core.usecase.ManageSubscriptions;
import org.pubsubserver.core.usecase.ManageSubscriptions.Entry;
import org.pubsubserver.core.usecase.RetrieveSubscriptions;
import org.pubsubserver.core.usecase.Subscribe;
import org.xmpp.packet.JID;

/** XEP-0060 §8.8 Manage Subscriptions. */
class ManageSubscriptionsTest {
    private static final JID ALICE = new JID("alice@example.org/desk");
    private static final JID BOB = new JID("bob@example.org/phone");
    private static final JID CAROL = new JID("carol@example.org");

    private final EngineFixture fixture = new EngineFixture();
    private final PubSubEngine engine = fixture.engine;

    @AfterEach
    void stop() {
        fixture.close();
    }

    private ManageSubscriptions.Result set(JID requester, Entry... entries) throws Exception {
        return await(engine.manageSubscriptions(new ManageSubscriptions.Request(requester, "news", List.of(entries))));
    }

    private List<String> listed() throws Exception {
        return await(engine.manageSubscriptions(new ManageSubscriptions.Request(ALICE, "news", null))).subscriptions()
                .stream().map(s -> s.jid() + " " + s.state().value()).toList();
    }

    @Test
    void theOwnerRetrievesTheSubscriptions_8_8_1() throws Exception {
        await(engine.createNode(new CreateNode.Request(ALICE, "news")));
        await(engine.subscribe(new Subscribe.Request(BOB, "news", BOB)));
        assertThat(listed()).containsExactly(BOB + " subscribed");
    }

    @Test
    void errors_8_8_1_3() throws Exception {
        await(engine.createNode(new CreateNode.Request(ALICE, "news")));
        assertThat(refusal(engine.manageSubscriptions(new ManageSubscriptions.Request(BOB, "news", null))).condition())
                .isEqualTo(StanzaCondition.FORBIDDEN);
        assertThat(refusal(engine.manageSubscriptions(new ManageSubscriptions.Request(ALICE, "missing", null))).condition())
                .isEqualTo(StanzaCondition.ITEM_NOT_FOUND);
        assertThat(refusal(engine.manageSubscriptions(new ManageSubscriptions.Request(BOB, "news",
                List.of(new Entry(BOB, "subscribed", null))))).condition()).isEqualTo(StanzaCondition.FORBIDDEN);
    }

    @Test
    void theOwnerSubscribesAnEntityWhoIsTold_8_8_2_and_8_8_4() throws Exception {
        await(engine.createNode(new CreateNode.Request(ALICE, "news")));
        assertThat(set(ALICE, new Entry(CAROL, "subscribed", null)).rejected()).isEmpty();
        assertThat(listed()).containsExactly(CAROL + " subscribed");
        assertThat(fixture.events(SubscriptionChanged.class, "news"))
                .extracting(c -> c.subscription().jid() + " " + c.subscription().state().value())
                .containsExactly(CAROL + " subscribed");
    }

    @Test
    void settingNoneRemovesTheSubscriber_8_8_3() throws Exception {
        await(engine.createNode(new CreateNode.Request(ALICE, "news")));
        await(engine.subscribe(new Subscribe.Request(BOB, "news", BOB)));
        set(ALICE, new Entry(BOB, "none", null));
        assertThat(listed()).isEmpty();
        assertThat(await(engine.retrieveSubscriptions(new RetrieveSubscriptions.Request(BOB, "news")))).isEmpty();
        assertThat(fixture.events(SubscriptionChanged.class, "news"))
                .extracting(c -> c.subscription().state()).containsExactly(SubscriptionState.NONE);
    }

    @Test
    void subscribedApprovesAPendingRequest_8_8_2() throws Exception {
        await(engine.createNode(new CreateNode.Request(ALICE, "news", Map.of("pubsub#access_model", "authorize"))));
        await(engine.subscribe(new Subscribe.Request(BOB, "news", BOB)));
        set(ALICE, new Entry(BOB, "subscribed", null));
        assertThat(listed()).containsExactly(BOB + " subscribed");
    }

    @Test
    void invalidEntriesComeBackUnchangedAndTheOthersAreApplied_8_8_2_4() throws Exception {
        await(engine.createNode(new CreateNode.Request(ALICE, "news")));
        await(engine.subscribe(new Subscribe.Request(BOB, "news", BOB)));
        await(engine.manageAffiliations(new ManageAffiliations.Request(ALICE, "news",
                List.of(new ManageAffiliations.Entry(new JID("dave@example.org"), "outcast")))));
        var result = set(ALICE,
                new Entry(BOB, "bogus", null),                        // not a state
                new Entry(BOB, "none", "no-such-subid"),              // no such subscription
                new Entry(new JID("dave@example.org"), "subscribed", null), // an outcast
                new Entry(CAROL, "subscribed", null));                // fine
        assertThat(result.rejected()).extracting(r -> r.jid() + " " + r.state().value())
                .containsExactly(BOB + " subscribed", BOB + " none", "dave@example.org none");
        assertThat(listed()).containsExactlyInAnyOrder(BOB + " subscribed", CAROL + " subscribed");
    }
}
