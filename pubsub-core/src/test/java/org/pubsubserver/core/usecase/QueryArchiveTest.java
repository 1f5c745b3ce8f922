package org.pubsubserver.core.usecase;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.pubsubserver.core.access.RosterSource;
import org.pubsubserver.core.access.ServicePolicy;
import org.pubsubserver.core.model.ArchiveQuery;
import org.pubsubserver.core.model.Item;
import org.pubsubserver.core.model.NewItem;
import org.pubsubserver.core.model.Node;
import org.pubsubserver.core.model.NodeConfig;
import org.pubsubserver.core.model.Removal;
import org.pubsubserver.core.store.NodeStore;
import org.pubsubserver.core.store.jdbc.JdbcStorage;
import org.xmpp.packet.JID;

/** The archive use case's own rules: the page's size in bytes, and what retention does with the service's archives off. */
class QueryArchiveTest {
    private static final JID ALICE = new JID("alice@example.org/desk");
    private final JdbcStorage storage = JdbcStorage.openInMemory("archive-case-" + UUID.randomUUID());
    private final NodeStore store = storage.nodeStore();

    @AfterEach
    void close() {
        storage.close();
    }

    private QueryArchive archive(ArchiveSettings settings) {
        return new QueryArchive(new UseCaseContext(store, Clock.systemUTC(),
                new EngineSettings(NodeConfig.defaults(), ServicePolicy.open(), RosterSource.NONE, settings)));
    }

    private Node node(int items, int payloadChars) {
        Node node = store.createNode("big", ALICE.asBareJID(), NodeConfig.of(Map.of("pubsub#max_payload_size",
                Integer.toString(10 * 1024 * 1024))), java.time.Instant.now()).orElseThrow();
        for (int i = 1; i <= items; i++) {
            store.appendItems(node, List.of(new NewItem("i" + i, "<x xmlns='urn:t'>" + "y".repeat(payloadChars) + "</x>")),
                    ALICE, java.time.Instant.now(), 100, Removal.UNTOLD, true);
        }
        return node;
    }

    @Test
    void aPageOfLargeItemsIsCutAtItsByteBudget_andSaysItIsNotTheLast() {
        node(4, 1_500_000);
        QueryArchive.Result forwards = archive(ArchiveSettings.DEFAULTS).execute(new QueryArchive.Request(ALICE, "big",
                new ArchiveQuery(null, null, null, 0, Long.MAX_VALUE, List.of(), 50, false, List.of())));
        assertThat(forwards.page().items()).extracting(Item::itemId).containsExactly("i1", "i2");
        assertThat(forwards.page().complete()).isFalse();
        QueryArchive.Result backwards = archive(ArchiveSettings.DEFAULTS).execute(new QueryArchive.Request(ALICE, "big",
                new ArchiveQuery(null, null, null, 0, Long.MAX_VALUE, List.of(), 50, true, List.of())));
        assertThat(backwards.page().items()).extracting(Item::itemId).containsExactly("i3", "i4");
        assertThat(backwards.page().complete()).isFalse();
    }

    @Test
    void withTheServicesArchivesOff_theSweepKeepsWhatTheyHold_butANodesOwnZeroEmptiesIt() {
        Node node = node(3, 10);
        assertThat(archive(ArchiveSettings.OFF).trim(node, 10_000)).isZero();
        Node off = store.updateConfig(node, NodeConfig.of(Map.of("{urn:pubsubserver:archive}max_items", "0")));
        assertThat(archive(ArchiveSettings.DEFAULTS).trim(off, 10_000)).isEqualTo(3);
    }
}
