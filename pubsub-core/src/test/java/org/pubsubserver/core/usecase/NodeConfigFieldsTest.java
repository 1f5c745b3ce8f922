package org.pubsubserver.core.usecase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pubsubserver.core.testing.EngineFixture.await;
import static org.pubsubserver.core.testing.EngineFixture.refusal;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.pubsubserver.core.error.StanzaCondition;
import org.pubsubserver.core.event.SubscriptionChanged;
import org.pubsubserver.core.model.SubscriptionState;
import org.pubsubserver.core.testing.EngineFixture;
import org.xmpp.packet.JID;

/** node_config fields of XEP-0060 §17.4.4 beyond delivery: notify_sub, contact, language. */
class NodeConfigFieldsTest {
    private static final JID ALICE = new JID("alice@example.org/desk");
    private static final JID BOB = new JID("bob@example.org/phone");

    private final EngineFixture fixture = new EngineFixture();

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void notifySubTellsTheOwnersOfNewSubscribersAndUnsubscribes_17_4_4() throws Exception {
        await(fixture.engine.createNode(new CreateNode.Request(ALICE, "news", Map.of("pubsub#notify_sub", "1"))));
        await(fixture.engine.subscribe(new Subscribe.Request(BOB, "news", BOB)));
        await(fixture.engine.unsubscribe(new Unsubscribe.Request(BOB, "news", BOB, null)));
        List<SubscriptionChanged> changes = fixture.events(SubscriptionChanged.class, "news");
        assertThat(changes).extracting(c -> c.subscription().state()).containsExactly(SubscriptionState.SUBSCRIBED,
                SubscriptionState.NONE);
        assertThat(changes).allSatisfy(c -> assertThat(c.owners()).containsExactly(ALICE.asBareJID()));
        // the subscriber has its answer both times, in the IQ result (§6.1.2, §6.2.2): no message to it
        assertThat(changes).extracting(SubscriptionChanged::tellSubscriber).containsExactly(false, false);
    }

    @Test
    void withoutNotifySubTheOwnersAreNotTold_17_4_4() throws Exception {
        await(fixture.engine.createNode(new CreateNode.Request(ALICE, "news")));
        await(fixture.engine.subscribe(new Subscribe.Request(BOB, "news", BOB)));
        await(fixture.engine.unsubscribe(new Unsubscribe.Request(BOB, "news", BOB, null)));
        assertThat(fixture.events(SubscriptionChanged.class, "news")).singleElement()
                .satisfies(c -> assertThat(c.owners()).isEmpty());
    }

    @Test
    void contactIsJidsAndLanguageIsATag_17_4_4() throws Exception {
        var node = await(fixture.engine.createNode(new CreateNode.Request(ALICE, "news",
                Map.of("pubsub#contact", "alice@example.org\nbob@example.org", "pubsub#language", "en-GB"))));
        assertThat(node.config().contacts()).containsExactly("alice@example.org", "bob@example.org");
        assertThat(node.config().language()).isEqualTo("en-GB");
        assertThat(refusal(fixture.engine.configureNode(new ConfigureNode.Request(ALICE, "news",
                Map.of("pubsub#contact", "not a jid@@")))).condition()).isEqualTo(StanzaCondition.NOT_ACCEPTABLE);
        assertThat(refusal(fixture.engine.configureNode(new ConfigureNode.Request(ALICE, "news",
                Map.of("pubsub#language", "english please")))).condition()).isEqualTo(StanzaCondition.NOT_ACCEPTABLE);
    }
}
