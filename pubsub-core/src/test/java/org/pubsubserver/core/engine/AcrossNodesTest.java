package org.pubsubserver.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.pubsubserver.core.access.ServicePolicy;
import org.pubsubserver.core.event.EventBus;
import org.pubsubserver.core.model.NewItem;
import org.pubsubserver.core.model.NodeConfig;
import org.pubsubserver.core.store.jdbc.JdbcStorage;
import org.pubsubserver.core.testing.SettableClock;
import org.pubsubserver.core.usecase.CreateNode;
import org.pubsubserver.core.usecase.EngineSettings;
import org.pubsubserver.core.usecase.Publish;
import org.xmpp.packet.JID;

/**
 * Work across every node (the expiry sweep, a publisher gone offline) acts on each node on its own lane without
 * filling the lanes' queues, however many nodes there are: a store of more nodes than the lanes queue is swept
 * whole, where queuing every node's task at once was refused as resource-constraint past the queue's capacity.
 */
class AcrossNodesTest {
    private static final JID ALICE = new JID("alice@localhost/desk");

    @Test
    void theExpirySweepReachesEveryNodeOfAStoreWithMoreNodesThanTheLanesQueue() throws Exception {
        int nodes = PubSubEngine.WAVE * 3 + 5;
        SettableClock clock = new SettableClock(Instant.parse("2026-12-06T12:00:00Z"));
        try (JdbcStorage storage = JdbcStorage.openInMemory("across-nodes");
             Lanes lanes = new Lanes(1, PubSubEngine.WAVE + 10, storage.nodeStore().groupCommit())) {
            PubSubEngine engine = new PubSubEngine(storage.nodeStore(), new EventBus(), clock,
                    new EngineSettings(NodeConfig.defaults(), ServicePolicy.open()), lanes);
            for (int n = 0; n < nodes; n++) {
                String node = "n" + n;
                engine.createNode(new CreateNode.Request(ALICE, node, Map.of("pubsub#item_expire", "60")))
                        .get(5, TimeUnit.SECONDS);
                engine.publish(new Publish.Request(ALICE, node, List.of(new NewItem("i", "<e xmlns='urn:t'/>")),
                        Map.of())).get(5, TimeUnit.SECONDS);
            }
            clock.advance(Duration.ofSeconds(61));

            assertThat(engine.sweepExpiredItems(Duration.ofMinutes(1)).get(30, TimeUnit.SECONDS)).isEqualTo(nodes);
            var store = storage.nodeStore();
            for (int n = 0; n < nodes; n++) {
                assertThat(store.itemCount(store.findNode("n" + n).orElseThrow())).as("n" + n).isZero();
            }
        }
    }
}
