package org.pubsubserver.core.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.pubsubserver.core.model.AppendResult;
import org.pubsubserver.core.model.ArchiveQuery;
import org.pubsubserver.core.model.Item;
import org.pubsubserver.core.model.NewItem;
import org.pubsubserver.core.model.Node;
import org.pubsubserver.core.model.NodeConfig;
import org.pubsubserver.core.model.Removal;
import org.pubsubserver.core.store.GroupCommit;
import org.pubsubserver.core.store.NodeStore;
import org.xmpp.packet.JID;

/**
 * On PostgreSQL a group's publishes to one node are worked out in memory and written together ({@link NodeBatch}):
 * every outcome (sequence numbers, replacements, evictions told or not, the node's position, its items) must be
 * what H2 gives, which writes each publish as it comes.
 */
class BatchedPublishesTest {
    private static final JID ALICE = new JID("alice@example.org/desk");
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private final List<JdbcStorage> opened = new ArrayList<>();
    private StorageSettings postgres;

    @AfterEach
    void close() {
        opened.forEach(JdbcStorage::close);
        if (postgres != null) {
            TestPostgres.dropSchema(postgres);
        }
    }

    private NodeStore h2() {
        JdbcStorage storage = JdbcStorage.openInMemory("batch-" + UUID.randomUUID());
        opened.add(storage);
        return storage.nodeStore();
    }

    private NodeStore postgresql() {
        postgres = TestPostgres.freshSchema();
        JdbcStorage storage = JdbcStorage.open(postgres);
        opened.add(storage);
        return storage.nodeStore();
    }

    private static List<NewItem> items(String... ids) {
        return java.util.Arrays.stream(ids).map(id -> new NewItem(id, "<e xmlns='urn:t'>" + id + "</e>")).toList();
    }

    /** What a scenario gives on a store: each call's outcome, then the node's items and position. */
    private static List<String> run(NodeStore store, Function<NodeStore, List<String>> scenario) {
        List<String> outcome = new ArrayList<>(scenario.apply(store));
        Node node = store.findNode("batched").orElseThrow();
        outcome.add("items " + store.items(node, 5000).stream().map(i -> i.sequence() + ":" + i.itemId()).toList());
        outcome.add("count " + store.itemCount(node));
        outcome.add("position " + store.streamPosition(node));
        // the archive has every item published, also one replaced within the group before it was written
        outcome.add("archive " + store.archivePage(node, new ArchiveQuery(null, null, null, 0, Long.MAX_VALUE, List.of(),
                5000, false, List.of())).orElseThrow().items().stream().map(i -> i.sequence() + ":" + i.itemId()).toList());
        return outcome;
    }

    private static String describe(AppendResult result) {
        return result.stored().stream().map(i -> i.sequence() + ":" + i.itemId()).toList() + " evicted "
                + result.evicted() + " at " + result.removal();
    }

    private static List<String> publishesInOneGroup(NodeStore store) {
        Node node = store.createNode("batched", ALICE, NodeConfig.defaults(), T0).orElseThrow();
        store.appendItems(node, items("old1", "old2"), ALICE, T0, 3, Removal.TOLD, true);
        List<String> outcome = new ArrayList<>();
        GroupCommit group = store.groupCommit();
        group.begin();
        outcome.add(describe(store.appendItems(node, items("a", "b"), ALICE, T0, 3, Removal.TOLD, true)));
        outcome.add(describe(store.appendItems(node, items("c"), ALICE, T0, 3, Removal.UNTOLD, true)));
        outcome.add(describe(store.appendItems(node, items("a"), ALICE, T0, 3, Removal.TOLD, true)));
        outcome.add(describe(store.appendItems(node, items("d", "e", "f", "g"), ALICE, T0, 3, Removal.TOLD, true)));
        outcome.add("removed " + store.removeItems(node, List.of("e"), Removal.TOLD).stream().map(Item::itemId).toList());
        outcome.add(describe(store.appendItems(node, items("h", "f"), ALICE, T0, 3, Removal.UNTOLD, true)));
        group.commit();
        return outcome;
    }

    @Test
    void aGroupOfPublishesToOneNodeEndsAsOnH2() {
        assertThat(run(postgresql(), BatchedPublishesTest::publishesInOneGroup))
                .isEqualTo(run(h2(), BatchedPublishesTest::publishesInOneGroup));
    }

    private static List<String> publishThenDeleteInOneGroup(NodeStore store) {
        Node node = store.createNode("gone", ALICE, NodeConfig.defaults(), T0).orElseThrow();
        GroupCommit group = store.groupCommit();
        group.begin();
        store.appendItems(node, items("a"), ALICE, T0, 10, Removal.TOLD);
        boolean deleted = store.deleteNode(node, null);
        Node again = store.createNode("batched", ALICE, NodeConfig.defaults(), T0).orElseThrow();
        store.appendItems(again, items("b"), ALICE, T0, 10, Removal.TOLD);
        group.commit();
        return List.of("deleted " + deleted, "gone " + store.findNode("gone").isEmpty());
    }

    @Test
    void aNodeDeletedAfterPublishesInTheSameGroupLeavesNothingBehind() {
        assertThat(run(postgresql(), BatchedPublishesTest::publishThenDeleteInOneGroup))
                .isEqualTo(run(h2(), BatchedPublishesTest::publishThenDeleteInOneGroup));
    }

    private static List<String> publishesToALargeNodeInOneGroup(NodeStore store) {
        Node node = store.createNode("batched", ALICE, NodeConfig.defaults(), T0).orElseThrow();
        List<NewItem> many = new ArrayList<>();
        for (int i = 0; i <= NodeBatch.MAX_ITEMS; i++) {
            many.add(new NewItem("old" + i, "<e xmlns='urn:t'/>"));
        }
        store.appendItems(node, many, ALICE, T0, 5000, Removal.TOLD);
        GroupCommit group = store.groupCommit();
        group.begin();
        List<String> outcome = new ArrayList<>();
        outcome.add(describe(store.appendItems(node, items("a", "old3"), ALICE, T0, NodeBatch.MAX_ITEMS + 1, Removal.TOLD)));
        outcome.add(describe(store.appendItems(node, items("b"), ALICE, T0, NodeBatch.MAX_ITEMS + 1, Removal.UNTOLD)));
        group.commit();
        return outcome;
    }

    /** A node holding more items than a batch reads is written publish by publish, with the same outcome. */
    @Test
    void aGroupOfPublishesToANodeTooLargeToBatchEndsAsOnH2() {
        assertThat(run(postgresql(), BatchedPublishesTest::publishesToALargeNodeInOneGroup))
                .isEqualTo(run(h2(), BatchedPublishesTest::publishesToALargeNodeInOneGroup));
    }

    /**
     * An item id PostgreSQL's index refuses (longer than its entries take) fails its own publish only: the rest of
     * the group is kept.
     */
    @Test
    void anItemTheDatabaseRefusesFailsAloneNotWithItsGroup() {
        NodeStore store = postgresql();
        Node node = store.createNode("batched", ALICE, NodeConfig.defaults(), T0).orElseThrow();
        GroupCommit group = store.groupCommit();
        group.begin();
        store.appendItems(node, items("a"), ALICE, T0, 10, Removal.TOLD);
        // 1,000 characters, 3,000 bytes that do not compress: more than an index entry takes
        java.util.Random random = new java.util.Random(14);
        StringBuilder refusedId = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            refusedId.append((char) (0x4e00 + random.nextInt(0x5000)));
        }
        String refused = refusedId.toString();
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> store.appendItems(node, items(refused), ALICE, T0, 10, Removal.TOLD))
                .isInstanceOf(org.pubsubserver.core.store.StoreException.class);
        store.appendItems(node, items("b"), ALICE, T0, 10, Removal.TOLD);
        group.commit();
        assertThat(store.items(node, 10)).extracting(Item::itemId).containsExactly("a", "b");
    }

    /**
     * Two instances' groups publishing to one node: the second waits for the first's lock on the node, and then works
     * from the items the first committed (a republished id replaces the first's item, the count goes on from it).
     */
    @Test
    void aGroupThatWaitedForAnotherInstancesGroupOnTheNodeWorksFromWhatThatGroupCommitted() throws Exception {
        NodeStore one = postgresql();
        JdbcStorage otherStorage = JdbcStorage.open(postgres);
        opened.add(otherStorage);
        NodeStore other = otherStorage.nodeStore();
        Node node = one.createNode("batched", ALICE, NodeConfig.defaults(), T0).orElseThrow();
        one.groupCommit().begin();
        one.appendItems(node, items("x", "y"), ALICE, T0, 10, Removal.TOLD); // holds the node's lock until commit
        java.util.concurrent.CompletableFuture<String> second = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            GroupCommit group = other.groupCommit();
            group.begin();
            String outcome = describe(other.appendItems(other.findNode("batched").orElseThrow(), items("x", "z"),
                    ALICE, T0, 10, Removal.TOLD));
            group.commit();
            return outcome;
        });
        Thread.sleep(500); // the second group now waits for the lock
        assertThat(second).isNotDone();
        one.groupCommit().commit();
        assertThat(second.get(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("[3:x, 4:z] evicted [] at 0");
        assertThat(one.items(node, 100).stream().map(i -> i.sequence() + ":" + i.itemId()).toList())
                .containsExactlyInAnyOrder("2:y", "3:x", "4:z");
        assertThat(one.itemCount(node)).isEqualTo(3);

        // the first instance's next group works from the items as the other left them
        one.groupCommit().begin();
        assertThat(describe(one.appendItems(node, items("z"), ALICE, T0, 10, Removal.TOLD)))
                .isEqualTo("[5:z] evicted [] at 0");
        one.groupCommit().commit();
        assertThat(one.items(node, 100).stream().map(i -> i.sequence() + ":" + i.itemId()).toList())
                .containsExactlyInAnyOrder("2:y", "3:x", "5:z");
        assertThat(one.itemCount(node)).isEqualTo(3);
    }
}
