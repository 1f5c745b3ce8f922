package org.pubsubserver.core.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pubsubserver.core.testing.EngineFixture.await;
import static org.pubsubserver.core.testing.EngineFixture.refusal;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.pubsubserver.core.engine.PubSubEngine;
import org.pubsubserver.core.error.PubSubCondition;
import org.pubsubserver.core.error.StanzaCondition;
import org.pubsubserver.core.event.AffiliationChanged;
import org.pubsubserver.core.event.SubscriptionChanged;
import org.pubsubserver.core.model.NewItem;
import org.pubsubserver.core.model.SubscriptionState;
import org.pubsubserver.core.testing.EngineFixture;
import org.pubsubserver.core.usecase.ConfigureNode;
import org.pubsubserver.core.usecase.CreateNode;
import org.pubsubserver.core.usecase.ManageAffiliations;
import org.pubsubserver.core.usecase.ManageAffiliations.Entry;
import org.pubsubserver.core.usecase.Publish;
import org.pubsubserver.core.usecase.RetrieveItems;
import org.pubsubserver.core.usecase.RetrieveSubscriptions;
import org.pubsubserver.core.usecase.Subscribe;
import org.xmpp.packet.JID;

/** XEP-0060 §8.9 Manage Affiliations, and what an affiliation change does to subscriptions (§4.1, §8.7.4). */
class ManageAffiliationsTest {
    private static final JID ALICE = new JID("alice@example.org/desk");
    private static final JID BOB = new JID("bob@example.org/phone");
    private static final JID CAROL = new JID("carol@example.org/tablet");

    private final EngineFixture fixture = new EngineFixture();
    private final PubSubEngine engine = fixture.engine;

    @AfterEach
    void stop() {
        fixture.close();
    }

    private ManageAffiliations.Result set(JID requester, Entry... entries) throws Exception {
        return await(engine.manageAffiliations(new ManageAffiliations.Request(requester, "news", List.of(entries))));
    }

    private List<String> listed() throws Exception {
        return listedBy(ALICE);
    }

    private List<String> listedBy(JID owner) throws Exception {
        return await(engine.manageAffiliations(new ManageAffiliations.Request(owner, "news", null))).affiliations()
                .stream().map(a -> a.jid() + " " + a.affiliation().value()).toList();
    }

    @Test
    void theOwnerRetrievesAndModifiesAffiliations_8_9_1_and_8_9_2() throws Exception {
        await(engine.createNode(new CreateNode.Request(ALICE, "news")));
        assertThat(listed()).containsExactly("alice@example.org owner");
        assertThat(set(ALICE, new Entry(BOB, "publisher")).rejected()).isEmpty();
        assertThat(listed()).containsExactlyInAnyOrder("alice@example.org owner", "bob@example.org publisher");
        // a publisher may now publish (§4.1)
        await(engine.publish(new Publish.Request(BOB, "news", List.of(new NewItem("b", "<e xmlns='urn:t'/>")))));
        assertThat(fixture.events(AffiliationChanged.class, "news"))
                .extracting(a -> a.jid() + " " + a.affiliation().value()).containsExactly("bob@example.org publisher");
    }

    @Test
    void noneRemovesTheEntityFromTheList_8_9_3() throws Exception {
        await(engine.createNode(new CreateNode.Request(ALICE, "news")));
        set(ALICE, new Entry(BOB, "member"));
        set(ALICE, new Entry(BOB, "none"));
        assertThat(listed()).containsExactly("alice@example.org owner");
    }

    @Test
    void errors_8_9_1_3() throws Exception {
        await(engine.createNode(new CreateNode.Request(ALICE, "news")));
        assertThat(refusal(engine.manageAffiliations(new ManageAffiliations.Request(BOB, "news", null))).condition())
                .isEqualTo(StanzaCondition.FORBIDDEN);
        assertThat(refusal(engine.manageAffiliations(new ManageAffiliations.Request(ALICE, "missing", null))).condition())
                .isEqualTo(StanzaCondition.ITEM_NOT_FOUND);
        // §8.9.2.4: one entry per entity, else bad-request
        assertThat(refusal(engine.manageAffiliations(new ManageAffiliations.Request(ALICE, "news",
                List.of(new Entry(BOB, "member"), new Entry(BOB.asBareJID(), "publisher"))))).condition())
                .isEqualTo(StanzaCondition.BAD_REQUEST);
    }

    @Test
    void theLastOwnerStaysAndTheOtherChangesAreApplied_8_9_2_4() throws Exception {
        await(engine.createNode(new CreateNode.Request(ALICE, "news")));
        set(ALICE, new Entry(CAROL, "outcast"));
        var result = set(ALICE, new Entry(ALICE.asBareJID(), "none"), new Entry(CAROL, "none"),
                new Entry(BOB, "publisher"), new Entry(new JID("dave@example.org"), "emperor"));
        assertThat(result.rejected()).extracting(r -> r.jid() + " " + r.affiliation().value())
                .containsExactlyInAnyOrder("alice@example.org owner", "dave@example.org none");
        assertThat(listed()).containsExactlyInAnyOrder("alice@example.org owner", "bob@example.org publisher");
    }

    @Test
    void severalOwnersAndAnOwnerMayResign_4_1() throws Exception {
        await(engine.createNode(new CreateNode.Request(ALICE, "news")));
        set(ALICE, new Entry(BOB, "owner"));
        assertThat(set(ALICE, new Entry(ALICE.asBareJID(), "none")).rejected()).isEmpty();
        assertThat(listedBy(BOB)).containsExactly("bob@example.org owner");
        assertThat(refusal(engine.configureNode(new ConfigureNode.Request(ALICE, "news", null))).condition())
                .isEqualTo(StanzaCondition.FORBIDDEN);
        await(engine.configureNode(new ConfigureNode.Request(BOB, "news", null)));
    }

    @Test
    void anOutcastIsUnsubscribedAndBlocked_4_1() throws Exception {
        await(engine.createNode(new CreateNode.Request(ALICE, "news")));
        await(engine.subscribe(new Subscribe.Request(BOB, "news", BOB)));
        set(ALICE, new Entry(BOB.asBareJID(), "outcast"));
        assertThat(await(engine.retrieveSubscriptions(new RetrieveSubscriptions.Request(BOB, "news")))).isEmpty();
        assertThat(fixture.events(SubscriptionChanged.class, "news"))
                .extracting(c -> c.subscription().jid() + " " + c.subscription().state().value())
                .containsExactly(BOB + " none");
        assertThat(refusal(engine.subscribe(new Subscribe.Request(BOB, "news", BOB))).condition())
                .isEqualTo(StanzaCondition.FORBIDDEN); // §6.1.3.8
        assertThat(refusal(engine.retrieveItems(new RetrieveItems.Request(BOB, "news", 0, List.of()))).condition())
                .isEqualTo(StanzaCondition.FORBIDDEN); // §6.5.9.10
        assertThat(refusal(engine.publish(new Publish.Request(BOB, "news",
                List.of(new NewItem("x", "<e xmlns='urn:t'/>"))))).condition()).isEqualTo(StanzaCondition.FORBIDDEN);
    }

    @Test
    void whitelistMembersSubscribeAndLoseTheirSubscriptionWhenRemoved_4_5() throws Exception {
        await(engine.createNode(new CreateNode.Request(ALICE, "news", Map.of("pubsub#access_model", "whitelist"))));
        var closed = refusal(engine.subscribe(new Subscribe.Request(BOB, "news", BOB)));
        assertThat(closed.condition()).isEqualTo(StanzaCondition.NOT_ALLOWED); // §6.1.3.4
        assertThat(closed.pubSubCondition()).isEqualTo(PubSubCondition.CLOSED_NODE);
        set(ALICE, new Entry(BOB, "member"));
        assertThat(await(engine.subscribe(new Subscribe.Request(BOB, "news", BOB))).subscription().state())
                .isEqualTo(SubscriptionState.SUBSCRIBED);
        set(ALICE, new Entry(BOB, "none"));
        assertThat(await(engine.retrieveSubscriptions(new RetrieveSubscriptions.Request(BOB, "news")))).isEmpty();
    }

    @Test
    void becomingAPublisherApprovesAPendingRequest_8_7_4() throws Exception {
        await(engine.createNode(new CreateNode.Request(ALICE, "news", Map.of("pubsub#access_model", "authorize"))));
        await(engine.subscribe(new Subscribe.Request(BOB, "news", BOB)));
        set(ALICE, new Entry(BOB, "publisher"));
        assertThat(await(engine.retrieveSubscriptions(new RetrieveSubscriptions.Request(BOB, "news"))))
                .extracting(s -> s.state()).containsExactly(SubscriptionState.SUBSCRIBED);
    }

    @Test
    void changingTheAccessModelToWhitelistEndsOtherSubscriptions_4_5() throws Exception {
        await(engine.createNode(new CreateNode.Request(ALICE, "news")));
        await(engine.subscribe(new Subscribe.Request(BOB, "news", BOB)));
        await(engine.subscribe(new Subscribe.Request(CAROL, "news", CAROL)));
        set(ALICE, new Entry(CAROL, "member"));
        await(engine.configureNode(new ConfigureNode.Request(ALICE, "news", Map.of("pubsub#access_model", "whitelist"))));
        assertThat(await(engine.retrieveSubscriptions(new RetrieveSubscriptions.Request(BOB, "news")))).isEmpty();
        assertThat(await(engine.retrieveSubscriptions(new RetrieveSubscriptions.Request(CAROL, "news")))).hasSize(1);
    }
}
