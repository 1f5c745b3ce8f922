package org.pubsubserver.core.usecase;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.pubsubserver.core.model.Node;
import org.pubsubserver.core.model.NodeConfig;
import org.pubsubserver.core.store.NodeStore;
import org.pubsubserver.core.store.jdbc.JdbcStorage;
import org.xmpp.packet.JID;

/** The walk to the leaves below a collection that a reader may read (item retrieval and SSE of a collection). */
class CollectionLeavesTest {
    private static final JID ALICE = new JID("alice@example.org/desk");
    private final JdbcStorage storage = JdbcStorage.openInMemory("leaves-" + UUID.randomUUID());
    private final NodeStore store = storage.nodeStore();

    @AfterEach
    void close() {
        storage.close();
    }

    /** XEP-0248 §security-access: a lease that ended (pubsub#expire) no longer lets its holder read a leaf below. */
    @Test
    void aCollectionWalkDoesNotCountASubscriptionWhoseLeaseEnded_xep0248_security_access() {
        UseCaseContext context = new UseCaseContext(store, Clock.systemUTC(), new EngineSettings(NodeConfig.defaults()));
        store.createNode("blogs", ALICE.asBareJID(), NodeConfig.defaults().withType("collection"),
                java.time.Instant.now()).orElseThrow();
        Node leaf = store.createNode("diary", ALICE.asBareJID(), NodeConfig.of(Map.of("pubsub#access_model",
                "authorize")), java.time.Instant.now(), "blogs").orElseThrow();
        JID bob = new JID("bob@example.org/phone");
        store.addSubscription(leaf, bob, "s1", org.pubsubserver.core.model.SubscriptionState.SUBSCRIBED,
                org.pubsubserver.core.model.SubscriptionOptions.fromStored(Map.of("pubsub#expire", "2001-01-01T00:00:00Z")));
        assertThat(new CollectionLeaves(context).readableBy("blogs", bob)).isEmpty();
        assertThat(new CollectionLeaves(context).readableBy("blogs", ALICE)).containsExactly("diary");
    }

}
