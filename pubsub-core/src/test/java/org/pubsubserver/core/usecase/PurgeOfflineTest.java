package org.pubsubserver.core.usecase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pubsubserver.core.testing.EngineFixture.await;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.pubsubserver.core.event.ItemsRetracted;
import org.pubsubserver.core.model.Item;
import org.pubsubserver.core.model.NewItem;
import org.pubsubserver.core.testing.EngineFixture;
import org.xmpp.packet.JID;

/** pubsub#purge_offline (XEP-0060 §17.4.4): a publisher's items go when it goes offline. */
class PurgeOfflineTest {
    private static final JID ALICE = new JID("alice@example.org/desk");
    private static final JID BOB = new JID("bob@example.org/phone");

    private final EngineFixture fixture = new EngineFixture();

    @AfterEach
    void stop() {
        fixture.close();
    }

    private void publish(String node, JID who, String id) throws Exception {
        await(fixture.engine.publish(new Publish.Request(who, node, List.of(new NewItem(id, "<e xmlns='urn:t'/>")))));
    }

    private List<String> items(String node) throws Exception {
        return await(fixture.engine.retrieveItems(new RetrieveItems.Request(ALICE, node, 0, List.of()))).items()
                .stream().map(Item::itemId).toList();
    }

    @Test
    void theOfflinePublishersItemsGoFromNodesThatAskForIt_17_4_4() throws Exception {
        await(fixture.engine.createNode(new CreateNode.Request(ALICE, "status", Map.of("pubsub#purge_offline", "true",
                "pubsub#publish_model", "open", "pubsub#notify_retract", "true"))));
        await(fixture.engine.createNode(new CreateNode.Request(ALICE, "keep", Map.of("pubsub#publish_model", "open"))));
        await(fixture.engine.manageAffiliations(new ManageAffiliations.Request(ALICE, "status",
                List.of(new ManageAffiliations.Entry(BOB.asBareJID(), "publisher")))));
        await(fixture.engine.manageAffiliations(new ManageAffiliations.Request(ALICE, "keep",
                List.of(new ManageAffiliations.Entry(BOB.asBareJID(), "publisher")))));
        publish("status", BOB, "bob-1");
        publish("status", ALICE, "alice-1");
        publish("keep", BOB, "bob-2");
        assertThat(await(fixture.engine.purgeOfflinePublisher(BOB.asBareJID()))).isEqualTo(1);
        assertThat(items("status")).containsExactly("alice-1");
        assertThat(items("keep")).containsExactly("bob-2");
        assertThat(fixture.events(ItemsRetracted.class, "status")).singleElement().satisfies(retracted -> {
            assertThat(retracted.itemIds()).containsExactly("bob-1");
            assertThat(retracted.notifySubscribers()).isTrue();
        });
    }
}
