package org.pubsubserver.core.usecase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pubsubserver.core.testing.EngineFixture.await;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.pubsubserver.core.model.Item;
import org.pubsubserver.core.model.NewItem;
import org.pubsubserver.core.testing.EngineFixture;
import org.xmpp.packet.JID;

/** The start of an SSE stream: replay after a Last-Event-ID exactly once, or a reset when that cannot be. */
class OpenStreamTest {
    private static final JID ALICE = new JID("alice@example.org/desk");

    private final EngineFixture fixture = new EngineFixture();

    @AfterEach
    void stop() {
        fixture.close();
    }

    private long publish(String id) throws Exception {
        return await(fixture.engine.publish(new Publish.Request(ALICE, "news", List.of(new NewItem(id, "<e xmlns='urn:t'/>")))))
                .items().get(0).sequence();
    }

    private OpenStream.Start open(long after, int last) throws Exception {
        AtomicReference<OpenStream.Start> start = new AtomicReference<>();
        assertThat(await(fixture.engine.openStream(new OpenStream.Request("news", null, after, last), start::set)))
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
    void aRetractionAfterTheResumePointMeansAReset() throws Exception {
        await(fixture.engine.createNode(new CreateNode.Request(ALICE, "news")));
        long seen = publish("a");
        publish("b");
        assertThat(open(seen, 0).reset()).isFalse();
        await(fixture.engine.retractItems(new RetractItems.Request(ALICE, "news", List.of("a"), false)));
        assertThat(open(seen, 0).reset()).as("a stream that missed the retraction of what it shows").isTrue();
        long retraction = fixture.events(org.pubsubserver.core.event.ItemsRetracted.class, "news").get(0).sequence();
        assertThat(open(retraction, 0).reset()).as("one that saw it").isFalse();
    }

    @Test
    void anEvictionAfterTheResumePointMeansAReset() throws Exception {
        await(fixture.engine.createNode(new CreateNode.Request(ALICE, "news", Map.of("pubsub#max_items", "2"))));
        publish("a");
        long seen = publish("b");
        assertThat(open(seen, 0).reset()).isFalse();
        long newest = publish("c"); // pushes a out
        assertThat(open(seen, 0).reset()).isTrue();
        // a stream that has seen the newest item has seen the eviction before it too
        assertThat(open(newest, 0).reset()).isFalse();
        long next = publish("d"); // pushes b out, before d
        assertThat(open(newest, 0).reset()).isTrue();
        assertThat(open(next, 0).reset()).isFalse();
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
}
