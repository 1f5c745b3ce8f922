package org.pubsubserver.core.usecase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pubsubserver.core.testing.EngineFixture.await;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.pubsubserver.core.access.RosterSource;
import org.pubsubserver.core.access.ServicePolicy;
import org.pubsubserver.core.engine.Lanes;
import org.pubsubserver.core.engine.PubSubEngine;
import org.pubsubserver.core.event.EventBus;
import org.pubsubserver.core.model.Item;
import org.pubsubserver.core.model.NewItem;
import org.pubsubserver.core.model.Node;
import org.pubsubserver.core.model.NodeConfig;
import org.pubsubserver.core.model.Removal;
import org.pubsubserver.core.store.NodeStore;
import org.pubsubserver.core.store.jdbc.JdbcStorage;
import org.pubsubserver.core.testing.EngineFixture;
import org.xmpp.packet.JID;

/**
 * The start of an SSE stream: replay after a Last-Event-ID exactly once, or a reset when that cannot be. Here nodes
 * keep no archive: what a resume gets from one is in {@link OpenStreamFromArchiveTest}.
 */
class OpenStreamTest {
    private static final JID ALICE = new JID("alice@example.org/desk");

    private final EngineFixture fixture = new EngineFixture(ArchiveSettings.OFF);

    @AfterEach
    void stop() {
        fixture.close();
    }

    /** Publishes item {@code id} to "news" as ALICE; returns its sequence. */
    private long publish(String id) throws Exception {
        return publishTo("news", ALICE, id);
    }

    private long publishTo(String node, JID who, String id) throws Exception {
        return await(fixture.engine.publish(new Publish.Request(who, node, List.of(new NewItem(id, "<e xmlns='urn:t'/>")))))
                .items().get(0).sequence();
    }

    /** Opens an anonymous stream of "news". */
    private OpenStream.Start open(long after, int last) throws Exception {
        return open("news", after, last);
    }

    private OpenStream.Start open(String node, long after, int last) throws Exception {
        AtomicReference<OpenStream.Start> start = new AtomicReference<>();
        assertThat(await(fixture.engine.openStream(new OpenStream.Request(node, null, after, last), start::set)))
                .isEqualTo(OpenStream.Outcome.OPENED);
        return start.get();
    }

    private static List<String> ids(OpenStream.Start start) {
        return start.items().stream().map(Item::itemId).toList();
    }

    @Test
    void aFirstConnectGetsNothingOrTheNewestItemsAskedFor() throws Exception {
        await(fixture.engine.createNode(new CreateNode.Request(ALICE, "news")));
        publish("a");
        publish("b");
        publish("c");
        assertThat(ids(open(OpenStream.NO_RESUME, 0))).isEmpty();
        assertThat(ids(open(OpenStream.NO_RESUME, 2))).containsExactly("b", "c");
    }

    @Test
    void resumingReplaysEveryLaterItemOnceEvenWhenAnIdIsReused() throws Exception {
        await(fixture.engine.createNode(new CreateNode.Request(ALICE, "news")));
        long seen = publish("a");
        publish("b");
        publish("a"); // "a" again: it is the newest now, and replayed once, at its new place
        OpenStream.Start start = open(seen, 0);
        assertThat(start.reset()).isFalse();
        assertThat(ids(start)).containsExactly("b", "a");
        assertThat(open(seen + 2, 0).items()).isEmpty();
    }

    @Test
    void aStreamAtTheNewestItemOfAFullDefaultNodeResumesWithEveryItemPublishedSinceWithoutAReset_xep0060_7_1_2_5()
            throws Exception {
        await(fixture.engine.createNode(new CreateNode.Request(ALICE, "news"))); // max_items 100, notify_retract off
        for (int n = 1; n <= 100; n++) {
            publish("old-" + n);
        }
        long newest = publish("old-101"); // full: from here each publish pushes the oldest item out, untold
        List<String> since = new java.util.ArrayList<>();
        for (int n = 1; n <= 100; n++) {
            since.add("new-" + n);
            publish("new-" + n);
            if (n == 3 || n == 100) {
                // the items pushed out were all seen by that stream; every item after its id is still held
                OpenStream.Start start = open(newest, 0);
                assertThat(start.reset()).as("after %d publishes", n).isFalse();
                assertThat(ids(start)).isEqualTo(since);
            }
        }
        // one more: the first item that stream missed is gone, untold; a replay would lack it
        publish("new-101");
        assertThat(open(newest, 0).reset()).isTrue();
        assertThat(ids(open(newest + 1, 0))).hasSize(100).endsWith("new-101");
    }

    @Test
    void anUntoldEvictionResetsOnlyAStreamThatMissedTheItemItTookAndAToldOneEveryStreamFromBeforeIt_xep0060_7_1_2_5()
            throws Exception {
        await(fixture.engine.createNode(new CreateNode.Request(ALICE, "news", Map.of("pubsub#max_items", "2"))));
        long a = publish("a");
        long b = publish("b");
        publish("c"); // pushes a out, untold (notify_retract off)
        assertThat(ids(open(b, 0))).containsExactly("c");
        assertThat(open(b, 0).reset()).isFalse();
        assertThat(ids(open(a, 0))).as("a stream that saw a, as live streams do, keeps it").containsExactly("b", "c");
        assertThat(open(a - 1, 0).reset()).as("one that never saw a").isTrue();

        await(fixture.engine.createNode(new CreateNode.Request(ALICE, "told", Map.of("pubsub#max_items", "2",
                "pubsub#notify_retract", "true"))));
        publishTo("told", ALICE, "a");
        long seen = publishTo("told", ALICE, "b");
        long newest = publishTo("told", ALICE, "c"); // pushes a out, told: a retract event it cannot replay
        assertThat(open("told", seen, 0).reset()).isTrue();
        // the eviction took its place before the item that caused it: a stream at the newest item saw it
        assertThat(open("told", newest, 0).reset()).isFalse();
        long next = publishTo("told", ALICE, "d");
        assertThat(open("told", newest, 0).reset()).isTrue();
        assertThat(open("told", next, 0).reset()).isFalse();
    }

    @Test
    void aToldRetractionAfterTheResumePointMeansAReset_xep0060_7_2_2_1() throws Exception {
        await(fixture.engine.createNode(new CreateNode.Request(ALICE, "news")));
        long seen = publish("a");
        publish("b");
        assertThat(open(seen, 0).reset()).isFalse();
        await(fixture.engine.retractItems(new RetractItems.Request(ALICE, "news", List.of("a"), true)));
        assertThat(open(seen, 0).reset()).as("a stream that missed the retract event").isTrue();
        long retraction = fixture.events(org.pubsubserver.core.event.ItemsRetracted.class, "news").get(0).sequence();
        assertThat(retraction).isGreaterThan(seen + 1);
        assertThat(open(retraction, 0).reset()).as("one that saw it").isFalse();
    }

    @Test
    void anUntoldRetractionResetsOnlyAStreamThatMissedTheItem_xep0060_7_2_2_1() throws Exception {
        await(fixture.engine.createNode(new CreateNode.Request(ALICE, "news")));
        long a = publish("a");
        long b = publish("b");
        long c = publish("c");
        // without notify, on a node without notify_retract: no event, and no place in the sequence
        await(fixture.engine.retractItems(new RetractItems.Request(ALICE, "news", List.of("a"), false)));
        assertThat(fixture.events(org.pubsubserver.core.event.ItemsRetracted.class, "news").get(0).notifySubscribers())
                .isFalse();
        assertThat(ids(open(a, 0))).as("a stream that saw a, as a live one, is not told").containsExactly("b", "c");
        assertThat(open(a, 0).reset()).isFalse();
        await(fixture.engine.retractItems(new RetractItems.Request(ALICE, "news", List.of("b"), false)));
        assertThat(open(a, 0).reset()).as("one that missed b, which is gone").isTrue();
        assertThat(ids(open(b, 0))).containsExactly("c");
        assertThat(publish("d")).as("the untold removals took no number").isEqualTo(c + 1);
    }

    @Test
    void purgeOfflineRetractionsResetAsRetractionsDo_xep0060_17_4_4() throws Exception {
        JID bob = new JID("bob@example.org/phone");
        for (String node : List.of("quiet", "told")) {
            await(fixture.engine.createNode(new CreateNode.Request(ALICE, node, Map.of("pubsub#purge_offline", "true",
                    "pubsub#publish_model", "open", "pubsub#notify_retract", String.valueOf(node.equals("told"))))));
            await(fixture.engine.manageAffiliations(new ManageAffiliations.Request(ALICE, node,
                    List.of(new ManageAffiliations.Entry(bob.asBareJID(), "publisher")))));
        }
        long quietSeen = publishTo("quiet", bob, "bob-1");
        long toldSeen = publishTo("told", bob, "bob-1");
        publishTo("quiet", ALICE, "alice-1");
        publishTo("told", ALICE, "alice-1");
        assertThat(await(fixture.engine.purgeOfflinePublisher(bob.asBareJID()))).isEqualTo(2);
        // untold: the stream saw bob-1, and live streams are not told of its removal either
        assertThat(open("quiet", quietSeen, 0).reset()).isFalse();
        assertThat(ids(open("quiet", quietSeen, 0))).containsExactly("alice-1");
        assertThat(open("quiet", quietSeen - 1, 0).reset()).isTrue();
        // told: a retract event that a stream from before it cannot be replayed
        assertThat(open("told", toldSeen, 0).reset()).isTrue();
    }

    @Test
    void aPurgeAfterTheResumePointMeansAReset() throws Exception {
        await(fixture.engine.createNode(new CreateNode.Request(ALICE, "news")));
        long last = publish("a");
        assertThat(open(last, 0).reset()).isFalse();
        await(fixture.engine.purgeNode(new PurgeNode.Request(ALICE, "news")));
        assertThat(open(last, 0).reset()).isTrue();
        long purge = fixture.events(org.pubsubserver.core.event.NodePurged.class, "news").get(0).sequence();
        assertThat(open(purge, 0).reset()).isFalse();
    }

    @Test
    void anIdOfADeletedNodeOfTheSameNameMeansAReset() throws Exception {
        await(fixture.engine.createNode(new CreateNode.Request(ALICE, "news")));
        publish("a");
        long old = publish("b");
        await(fixture.engine.deleteNode(new DeleteNode.Request(ALICE, "news")));
        await(fixture.engine.createNode(new CreateNode.Request(ALICE, "news")));
        long first = publish("c");
        assertThat(first).as("the new node continues the old sequence").isGreaterThan(old);
        assertThat(open(old, 0).reset()).isTrue();
        assertThat(open(first - 1, 0).reset()).isFalse();
        assertThat(ids(open(first - 1, 0))).containsExactly("c");
    }

    @Test
    void anIdThatIsNotOursOrFromTheFutureMeansAReset() throws Exception {
        await(fixture.engine.createNode(new CreateNode.Request(ALICE, "news")));
        long seen = publish("a");
        assertThat(open(OpenStream.UNKNOWN_ID, 0).reset()).isTrue();
        assertThat(open(seen + 10, 0).reset()).isTrue();
    }

    @Test
    void unknownNodesAndNodesThatAreNotOpenAreNotOpened() throws Exception {
        await(fixture.engine.createNode(new CreateNode.Request(ALICE, "private", Map.of("pubsub#access_model", "whitelist"))));
        assertThat(await(fixture.engine.openStream(new OpenStream.Request("private", null, OpenStream.NO_RESUME, 0),
                start -> { }))).isEqualTo(OpenStream.Outcome.NOT_ALLOWED);
        assertThat(await(fixture.engine.openStream(new OpenStream.Request("missing", null, OpenStream.NO_RESUME, 0),
                start -> { }))).isEqualTo(OpenStream.Outcome.NO_SUCH_NODE);
    }

    /**
     * Issue 14: where instances share the store, another instance may commit between the opening's read of the
     * node's position and its read of the items. The replay stops at the position read; what came later reaches the
     * stream live, after the opening, as its event.
     */
    @Test
    void anItemCommittedBetweenReadingThePositionAndTheItemsIsLeftForTheLiveStream() throws Exception {
        try (var storage = JdbcStorage.openInMemory("race-" + UUID.randomUUID());
             var lanes = new Lanes(1, 10, storage.nodeStore().groupCommit())) {
            NodeStore real = storage.nodeStore();
            AtomicBoolean raced = new AtomicBoolean();
            NodeStore racing = (NodeStore)
                    Proxy.newProxyInstance(getClass().getClassLoader(),
                            new Class<?>[] {NodeStore.class}, (proxy, method, args) -> {
                                Object result;
                                try {
                                    result = method.invoke(real, args);
                                } catch (InvocationTargetException e) {
                                    throw e.getCause();
                                }
                                if (method.getName().equals("streamPosition") && raced.compareAndSet(false, true)) {
                                    // another instance publishes right after the position was read
                                    Node node = (Node) args[0];
                                    CompletableFuture.runAsync(() -> real.appendItems(node,
                                            List.of(new NewItem("elsewhere", "<e xmlns='urn:t'/>")), ALICE,
                                            EngineFixture.NOW, 100, Removal.UNTOLD)).get();
                                }
                                return result;
                            });
            PubSubEngine engine = new PubSubEngine(racing,
                    new EventBus(), fixture.clock,
                    new EngineSettings(NodeConfig.defaults(),
                            ServicePolicy.open(), RosterSource.NONE),
                    lanes);
            await(engine.createNode(new CreateNode.Request(ALICE, "news")));
            long seen = await(engine.publish(new Publish.Request(ALICE, "news",
                    List.of(new NewItem("a", "<e xmlns='urn:t'/>"))))).items().get(0).sequence();
            await(engine.publish(new Publish.Request(ALICE, "news", List.of(new NewItem("b", "<e xmlns='urn:t'/>")))));
            AtomicReference<OpenStream.Start> start = new AtomicReference<>();
            await(engine.openStream(new OpenStream.Request("news", null, seen, 0), start::set));
            assertThat(raced).isTrue();
            assertThat(ids(start.get())).containsExactly("b");
            assertThat(start.get().position()).isEqualTo(seen + 1);
        }
    }
}
