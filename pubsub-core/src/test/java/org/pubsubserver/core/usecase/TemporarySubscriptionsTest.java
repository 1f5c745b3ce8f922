package org.pubsubserver.core.usecase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pubsubserver.core.testing.EngineFixture.await;

import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.pubsubserver.core.testing.EngineFixture;
import org.xmpp.packet.JID;

/** XEP-0060 §13.5 Temporary Subscriptions: pubsub#expire = presence, and the node's pubsub#tempsub. */
class TemporarySubscriptionsTest {
    private static final JID ALICE = new JID("alice@example.org/desk");
    private static final JID BOB = new JID("bob@example.org/phone");
    private static final JID BOB_LAPTOP = new JID("bob@example.org/laptop");

    private final EngineFixture fixture = new EngineFixture();

    @AfterEach
    void stop() {
        fixture.close();
    }

    private int subscriptionsOfBob(String node) throws Exception {
        return await(fixture.engine.retrieveSubscriptions(new RetrieveSubscriptions.Request(BOB, node))).size();
    }

    @Test
    void expirePresenceEndsWhenThatResourceGoesOffline_13_5() throws Exception {
        await(fixture.engine.createNode(new CreateNode.Request(ALICE, "news")));
        await(fixture.engine.subscribe(new Subscribe.Request(BOB, "news", BOB,
                Map.of("FORM_TYPE", "http://jabber.org/protocol/pubsub#subscribe_options", "pubsub#expire", "presence"))));
        // a second subscription of its own (§6.3.7), not temporary: it stays
        await(fixture.engine.subscribe(new Subscribe.Request(BOB, "news", BOB,
                Map.of("FORM_TYPE", "http://jabber.org/protocol/pubsub#subscribe_options", "pubsub#deliver", "true"))));
        assertThat(await(fixture.engine.endTemporarySubscriptions(BOB_LAPTOP, false))).isZero();
        assertThat(await(fixture.engine.endTemporarySubscriptions(BOB, false))).isEqualTo(1);
        assertThat(subscriptionsOfBob("news")).isEqualTo(1);
    }

    @Test
    void tempsubMakesEverySubscriptionTemporaryAndABareOneEndsWithTheLastResource_13_5() throws Exception {
        await(fixture.engine.createNode(new CreateNode.Request(ALICE, "live", Map.of("pubsub#tempsub", "true"))));
        JID bareBob = BOB.asBareJID();
        await(fixture.engine.subscribe(new Subscribe.Request(BOB, "live", bareBob)));
        assertThat(await(fixture.engine.endTemporarySubscriptions(BOB, false))).isZero(); // the laptop is still on
        assertThat(await(fixture.engine.endTemporarySubscriptions(BOB_LAPTOP, true))).isEqualTo(1);
        assertThat(subscriptionsOfBob("live")).isZero();
    }
}
