package org.pubsubserver.core.usecase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pubsubserver.core.testing.EngineFixture.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.pubsubserver.core.model.Item;
import org.pubsubserver.core.model.NewItem;
import org.pubsubserver.core.testing.EngineFixture;
import org.xmpp.packet.JID;

/**
 * A stream that resumes after the items it missed were pushed out of the node untold (a full node, max_items) is
 * replayed from the node's archive (XEP-0442) instead of being reset: every item published after its Last-Event-ID,
 * exactly as live streams were sent them. Where the archive cannot give every one of them, it is reset as before.
 */
class OpenStreamFromArchiveTest {
    private static final JID ALICE = new JID("alice@example.org/desk");

    private final EngineFixture fixture = new EngineFixture(ArchiveSettings.DEFAULTS);

    @AfterEach
    void stop() {
        fixture.close();
    }

    private long publish(String node, String id) throws Exception {
        return await(fixture.engine.publish(new Publish.Request(ALICE, node, List.of(new NewItem(id, "<e xmlns='urn:t'>" + id
                + "</e>"))))).items().get(0).sequence();
    }

    private OpenStream.Start open(String node, long after) throws Exception {
        AtomicReference<OpenStream.Start> start = new AtomicReference<>();
        assertThat(await(fixture.engine.openStream(new OpenStream.Request(node, null, after, 0), start::set)))
                .isEqualTo(OpenStream.Outcome.OPENED);
        return start.get();
    }

    private static List<String> ids(OpenStream.Start start) {
        return start.items().stream().map(Item::itemId).toList();
    }

    private void create(String node, Map<String, String> config) throws Exception {
        await(fixture.engine.createNode(new CreateNode.Request(ALICE, node, config)));
    }

    @Test
    void itemsPushedOutOfAFullNodeAreReplayedFromTheArchive_notAReset_xep0060_7_1_2_5() throws Exception {
        create("news", Map.of("pubsub#max_items", "2"));
        long seen = publish("news", "a");
        publish("news", "b");
        publish("news", "c");
        publish("news", "b"); // b again: the live streams were sent both
        publish("news", "d"); // the node now holds b and d: c and the first b are gone, untold
        OpenStream.Start start = open("news", seen);
        assertThat(start.reset()).isFalse();
        assertThat(ids(start)).containsExactly("b", "c", "b", "d");
        assertThat(start.items().get(1).payloadXml()).isEqualTo("<e xmlns='urn:t'>c</e>");
        assertThat(start.position()).isEqualTo(start.items().get(3).sequence());
    }

    @Test
    void aToldRemovalAfterTheResumePointStillMeansAReset_theArchiveHasNoRemovals() throws Exception {
        create("told", Map.of("pubsub#max_items", "2", "pubsub#notify_retract", "true"));
        long seen = publish("told", "a");
        publish("told", "b");
        publish("told", "c"); // pushes a out with a retract event
        assertThat(open("told", seen).reset()).isTrue();
    }

    @Test
    void aNodeWithoutArchive_orAnArchiveTrimmedPastTheResumePoint_meansAReset() throws Exception {
        create("plain", Map.of("pubsub#max_items", "1", "{urn:pubsubserver:archive}max_items", "0"));
        long seen = publish("plain", "a");
        publish("plain", "b");
        publish("plain", "c");
        assertThat(open("plain", seen).reset()).isTrue();

        create("short", Map.of("pubsub#max_items", "1", "{urn:pubsubserver:archive}max_items", "2"));
        long early = publish("short", "a");
        publish("short", "b");
        publish("short", "c");
        publish("short", "d");
        assertThat(ids(open("short", early))).as("before the trim").containsExactly("b", "c", "d");
        await(fixture.engine.sweepExpiredItems(Duration.ofMinutes(1))); // keeps c and d
        assertThat(open("short", early).reset()).as("b is gone from the archive too").isTrue();
        assertThat(ids(open("short", early + 1))).containsExactly("c", "d");
    }
}
