package org.pubsubserver.core.usecase;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.pubsubserver.core.engine.Lanes;
import org.pubsubserver.core.engine.PubSubEngine;
import org.pubsubserver.core.event.EventBus;
import org.pubsubserver.core.model.AccessModel;
import org.pubsubserver.core.model.NewItem;
import org.pubsubserver.core.model.NodeConfig;
import org.pubsubserver.core.store.jdbc.JdbcStorage;
import org.pubsubserver.core.usecase.OpenNodeSummaries.Summary;
import org.xmpp.packet.JID;

/** The open nodes as the web console lists them, read through the engine (on its lanes). */
class OpenNodeSummariesTest {
    private static final JID ALICE = new JID("alice@example.org/desk");
    private final JdbcStorage storage = JdbcStorage.openInMemory("open-nodes-" + UUID.randomUUID());
    private final Lanes lanes = new Lanes(2, 100, storage.nodeStore().groupCommit());
    private final PubSubEngine engine = new PubSubEngine(storage.nodeStore(), new EventBus(), Clock.systemUTC(),
            new EngineSettings(NodeConfig.defaults()), lanes);

    @AfterEach
    void close() {
        lanes.close();
        storage.close();
    }

    private <T> T await(java.util.concurrent.CompletableFuture<T> future) throws Exception {
        return future.get(5, TimeUnit.SECONDS);
    }

    @Test
    void openNodesComeWithTitleDescriptionTypeAndItemCountSortedAndOthersAreLeftOut() throws Exception {
        await(engine.createNode(new CreateNode.Request(ALICE, "weather", Map.of("pubsub#title", "Weather",
                "pubsub#description", "Readings every minute"))));
        await(engine.createNode(new CreateNode.Request(ALICE, "blogs", Map.of("pubsub#node_type", "collection"))));
        await(engine.createNode(new CreateNode.Request(ALICE, "diary", Map.of("pubsub#access_model", "whitelist"))));
        await(engine.publish(new Publish.Request(ALICE, "weather", List.of(new NewItem("a", "<r xmlns='urn:t'>1</r>"),
                new NewItem("b", "<r xmlns='urn:t'>2</r>")))));
        await(engine.publish(new Publish.Request(ALICE, "diary", List.of(new NewItem("x", "<r xmlns='urn:t'/>")))));

        assertThat(await(engine.openNodeSummaries(10))).containsExactly(
                new Summary("blogs", "", "", AccessModel.OPEN, true, 0),
                new Summary("weather", "Weather", "Readings every minute", AccessModel.OPEN, false, 2));
    }

    @Test
    void theListStopsAtTheCallersBound() throws Exception {
        for (String name : List.of("c", "a", "b")) {
            await(engine.createNode(new CreateNode.Request(ALICE, name)));
        }
        await(engine.createNode(new CreateNode.Request(ALICE, "0-closed", Map.of("pubsub#access_model", "whitelist"))));
        assertThat(await(engine.openNodeSummaries(2))).extracting(Summary::node).containsExactly("a", "b");
    }
}
