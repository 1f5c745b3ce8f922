package org.pubsubserver.xmpp.presence;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.TimeUnit;
import org.dom4j.DocumentHelper;
import org.dom4j.Element;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.pubsubserver.core.access.RosterSource;
import org.pubsubserver.core.access.ServicePolicy;
import org.pubsubserver.core.engine.Lanes;
import org.pubsubserver.core.engine.PubSubEngine;
import org.pubsubserver.core.event.EventBus;
import org.pubsubserver.core.model.Item;
import org.pubsubserver.core.model.NewItem;
import org.pubsubserver.core.model.NodeConfig;
import org.pubsubserver.core.store.jdbc.JdbcStorage;
import org.pubsubserver.core.usecase.CreateNode;
import org.pubsubserver.core.usecase.EngineSettings;
import org.pubsubserver.core.usecase.LastItemsOnPresence;
import org.pubsubserver.core.usecase.ManageAffiliations;
import org.pubsubserver.core.usecase.Publish;
import org.pubsubserver.core.usecase.RetrieveItems;
import org.pubsubserver.core.usecase.RetrieveSubscriptions;
import org.pubsubserver.core.usecase.Subscribe;
import org.xmpp.packet.JID;

/** What presence sent to the component sets off, over a real engine on an in-memory store. */
class PresenceReactionsTest {
    private static final String SERVICE = "pubsub.localhost";
    private static final JID ALICE = new JID("alice@localhost/desk");
    private static final JID BOB = new JID("bob@localhost");

    private record Sent(JID to, List<LastItemsOnPresence.Due> due) {
    }

    private final JdbcStorage storage = JdbcStorage.openInMemory("presence-" + UUID.randomUUID());
    private final Lanes lanes = new Lanes(2, 100, storage.nodeStore().groupCommit());
    private final PubSubEngine engine = new PubSubEngine(storage.nodeStore(), new EventBus(), Clock.systemUTC(),
            new EngineSettings(NodeConfig.defaults(), ServicePolicy.open(), RosterSource.NONE), lanes);
    private final BlockingQueue<Sent> lastItems = new LinkedTransferQueue<>();
    private final PresenceReactions reactions = new PresenceReactions(new PresenceTracker(), engine,
            (available, due) -> lastItems.add(new Sent(available, due)));

    @AfterEach
    void close() {
        lanes.close();
        storage.close();
    }

    private static <T> T await(CompletableFuture<T> future) throws Exception {
        return future.get(5, TimeUnit.SECONDS);
    }

    private static Element presence(String from, String type) throws Exception {
        return DocumentHelper.parseText("<presence from='" + from + "' to='" + SERVICE + "'"
                + (type == null ? "" : " type='" + type + "'") + "/>").getRootElement();
    }

    private void online(String from) throws Exception {
        reactions.onPresence(presence(from, null));
    }

    private void offline(String from) throws Exception {
        reactions.onPresence(presence(from, "unavailable"));
    }

    /**
     * Waits until the work the reactions handed to the engine so far has run on the node: each starts on the
     * service's lane and hands its node's part to the node's lane when that step completes, in order, before that
     * lane's next task completes; so a task through the service's lane, then one through the node's, comes after.
     */
    private void settle(String node) throws Exception {
        await(engine.lastItemsOnPresence(new JID("nobody@localhost/none")));
        await(engine.retrieveItems(new RetrieveItems.Request(ALICE, node, 0, List.of())));
    }

    private List<String> items(String node) throws Exception {
        return await(engine.retrieveItems(new RetrieveItems.Request(ALICE, node, 0, List.of()))).items().stream()
                .map(Item::itemId).toList();
    }

    private void publish(JID publisher, String node, String id) throws Exception {
        await(engine.publish(new Publish.Request(publisher, node, List.of(new NewItem(id, "<e xmlns='urn:t'/>")),
                Map.of())));
    }

    @Test
    void aResourceComingOnlineIsSentTheLastItemsDueToItOnceNotOnEveryPresence_17_4_4() throws Exception {
        await(engine.createNode(new CreateNode.Request(ALICE, "status", Map.of("pubsub#send_last_published_item",
                "on_sub_and_presence"))));
        await(engine.subscribe(new Subscribe.Request(BOB, "status", BOB, null)));
        publish(ALICE, "status", "latest");

        online("bob@localhost/tablet");
        Sent sent = lastItems.poll(5, TimeUnit.SECONDS);
        assertThat(sent).isNotNull();
        assertThat(sent.to()).isEqualTo(new JID("bob@localhost/tablet"));
        assertThat(sent.due()).extracting(due -> due.item().itemId()).containsExactly("latest");

        online("bob@localhost/tablet"); // a presence update of a resource already online
        online("bob@localhost/phone");
        assertThat(lastItems.poll(5, TimeUnit.SECONDS)).as("the next resource, not the update")
                .extracting(Sent::to).isEqualTo(new JID("bob@localhost/phone"));
    }

    @Test
    void aTemporarySubscriptionOfABareJidEndsWhenItsLastResourceGoesOffline_13_5() throws Exception {
        await(engine.createNode(new CreateNode.Request(ALICE, "status", Map.of())));
        await(engine.subscribe(new Subscribe.Request(BOB, "status", BOB, Map.of("pubsub#expire", "presence"))));
        online("bob@localhost/tablet");
        online("bob@localhost/phone");

        offline("bob@localhost/phone");
        settle("status");
        assertThat(await(engine.retrieveSubscriptions(new RetrieveSubscriptions.Request(BOB, "status"))))
                .as("the tablet is still online").hasSize(1);

        offline("bob@localhost/tablet");
        settle("status");
        assertThat(await(engine.retrieveSubscriptions(new RetrieveSubscriptions.Request(BOB, "status")))).isEmpty();
    }

    @Test
    void theItemsOfAPublisherGoFromPurgeOfflineNodesWhenItsLastResourceGoesOffline_17_4_4() throws Exception {
        await(engine.createNode(new CreateNode.Request(ALICE, "status", Map.of("pubsub#purge_offline", "true"))));
        await(engine.manageAffiliations(new ManageAffiliations.Request(ALICE, "status",
                List.of(new ManageAffiliations.Entry(BOB, "publisher")))));
        publish(new JID("bob@localhost/phone"), "status", "bob-1");
        publish(ALICE, "status", "alice-1");
        online("bob@localhost/tablet");
        online("bob@localhost/phone");

        offline("bob@localhost/phone");
        settle("status");
        assertThat(items("status")).as("the tablet is still online").containsExactlyInAnyOrder("bob-1", "alice-1");

        offline("bob@localhost/tablet");
        settle("status");
        assertThat(items("status")).containsExactly("alice-1");
    }

    @Test
    void unavailablePresenceFromAResourceNotKnownAsOnlineSetsOffNothing_13_5() throws Exception {
        await(engine.createNode(new CreateNode.Request(ALICE, "status", Map.of("pubsub#purge_offline", "true"))));
        await(engine.manageAffiliations(new ManageAffiliations.Request(ALICE, "status",
                List.of(new ManageAffiliations.Entry(BOB, "publisher")))));
        await(engine.subscribe(new Subscribe.Request(BOB, "status", BOB, Map.of("pubsub#expire", "presence"))));
        publish(BOB, "status", "bob-1");

        offline("bob@localhost/phone");
        settle("status");

        assertThat(items("status")).containsExactly("bob-1");
        assertThat(await(engine.retrieveSubscriptions(new RetrieveSubscriptions.Request(BOB, "status")))).hasSize(1);
    }
}
