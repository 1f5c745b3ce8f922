package org.pubsubserver.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pubsubserver.core.model.Removal.TOLD;
import static org.pubsubserver.core.model.Removal.UNTOLD;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pubsubserver.core.model.ArchivePage;
import org.pubsubserver.core.model.ArchiveQuery;
import org.pubsubserver.core.model.Item;
import org.pubsubserver.core.model.NewItem;
import org.pubsubserver.core.model.Node;
import org.pubsubserver.core.model.NodeConfig;
import org.xmpp.packet.JID;

/**
 * The node archives (XEP-0313 with XEP-0442) every {@link NodeStore} must keep; subclass it per implementation. Places
 * are the node's sequence numbers, which the store hands out from 1.
 */
public abstract class NodeArchiveContract {
    private static final JID ALICE = new JID("alice@example.org/phone");
    private static final JID BOB = new JID("bob@example.org/desk");
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private NodeStore store;
    private Node node;

    protected abstract NodeStore newStore();

    @BeforeEach
    void open() {
        store = newStore();
        node = store.createNode("feed", ALICE.asBareJID(), NodeConfig.defaults(), T0).orElseThrow();
    }

    private void publish(JID publisher, Instant at, int maxItems, String... ids) {
        List<NewItem> items = java.util.Arrays.stream(ids).map(id -> new NewItem(id, "<entry xmlns='urn:test'>" + id + "</entry>")).toList();
        store.appendItems(node, items, publisher, at, maxItems, TOLD, true);
    }

    private static ArchiveQuery all(int max) {
        return query(null, null, null, 0, Long.MAX_VALUE, List.of(), max, false);
    }

    private static ArchiveQuery query(Instant start, Instant end, String with, long after, long before, List<Long> ids,
                                      int max, boolean fromEnd) {
        return new ArchiveQuery(start, end, with, after, before, ids, max, fromEnd, List.of());
    }

    private ArchivePage page(ArchiveQuery query) {
        return store.archivePage(node, query).orElseThrow();
    }

    private static List<String> ids(ArchivePage page) {
        return page.items().stream().map(Item::itemId).toList();
    }

    private static List<Long> places(ArchivePage page) {
        return page.items().stream().map(Item::sequence).toList();
    }

    @Test
    void theArchiveKeepsEveryPublishedItem_evenReplacedRetractedPushedOutAndPurged_xep0442() {
        publish(ALICE, T0, 2, "a", "b");
        publish(ALICE, T0, 2, "a"); // replaces a
        publish(ALICE, T0, 2, "c"); // pushes b out
        store.removeItems(node, List.of("c"), TOLD);
        store.purgeItems(node);
        ArchivePage page = page(all(10));
        assertThat(ids(page)).containsExactly("a", "b", "a", "c");
        assertThat(places(page)).containsExactly(1L, 2L, 3L, 5L); // 4: the told eviction of b
        assertThat(page.items().get(0).payloadXml()).isEqualTo("<entry xmlns='urn:test'>a</entry>");
        assertThat(page.items().get(0).publisher()).isEqualTo(ALICE);
        assertThat(page.complete()).isTrue();
        assertThat(store.items(node, 10)).isEmpty();
    }

    @Test
    void aPublishWithTheArchiveOff_isNotArchived() {
        store.appendItems(node, List.of(new NewItem("x", "<x xmlns='t'/>")), ALICE, T0, 10, UNTOLD, false);
        assertThat(page(all(10)).items()).isEmpty();
        assertThat(store.items(node, 10)).extracting(Item::itemId).containsExactly("x");
    }

    @Test
    void pagesForwardAndFromTheEnd_sayWhetherTheyAreTheLast_xep0313_4_3() {
        IntStream.rangeClosed(1, 5).forEach(i -> publish(ALICE, T0.plusSeconds(i), 100, "i" + i));
        ArchivePage first = page(all(2));
        assertThat(ids(first)).containsExactly("i1", "i2");
        assertThat(first.complete()).isFalse();
        ArchivePage next = page(query(null, null, null, 2, Long.MAX_VALUE, List.of(), 2, false));
        assertThat(ids(next)).containsExactly("i3", "i4");
        ArchivePage last = page(query(null, null, null, 4, Long.MAX_VALUE, List.of(), 2, false));
        assertThat(ids(last)).containsExactly("i5");
        assertThat(last.complete()).isTrue();

        ArchivePage newest = page(query(null, null, null, 0, Long.MAX_VALUE, List.of(), 2, true));
        assertThat(ids(newest)).containsExactly("i4", "i5"); // oldest first
        assertThat(newest.complete()).isFalse();
        ArchivePage before = page(query(null, null, null, 0, 2, List.of(), 2, true));
        assertThat(ids(before)).containsExactly("i1");
        assertThat(before.complete()).isTrue();
        ArchivePage exactly = page(all(5));
        assertThat(exactly.complete()).isTrue();
    }

    @Test
    void theNewestPageFindsMatchesFarBehindTheEnd_andTheFirstWhenAllAreWanted_xep0313_4_3() {
        publish(BOB, T0, 100, "bob1");
        publish(BOB, T0, 100, "bob2");
        IntStream.rangeClosed(1, 200).forEach(i -> publish(ALICE, T0, 100, "a" + i));
        ArchivePage bobs = page(query(null, null, "bob@example.org", 0, Long.MAX_VALUE, List.of(), 1, true));
        assertThat(ids(bobs)).containsExactly("bob2");
        assertThat(bobs.complete()).isFalse();
        ArchivePage both = page(query(null, null, "bob@example.org", 0, Long.MAX_VALUE, List.of(), 5, true));
        assertThat(ids(both)).containsExactly("bob1", "bob2");
        assertThat(both.complete()).isTrue();
        ArchivePage newest = page(query(null, null, null, 0, Long.MAX_VALUE, List.of(), 3, true));
        assertThat(ids(newest)).containsExactly("a198", "a199", "a200");
        ArchivePage all = page(query(null, null, null, 0, Long.MAX_VALUE, List.of(), 250, true));
        assertThat(all.items()).hasSize(202);
        assertThat(all.complete()).isTrue();
    }

    @Test
    void filtersByTimeAndPublisher_xep0313_4_1() {
        publish(ALICE, T0.plusSeconds(10), 100, "a10");
        publish(BOB, T0.plusSeconds(20), 100, "b20");
        publish(new JID("alice@example.org/other"), T0.plusSeconds(30), 100, "a30");
        publish(new JID("alice@example.org.evil/x"), T0.plusSeconds(40), 100, "evil40");
        assertThat(ids(page(query(T0.plusSeconds(20), T0.plusSeconds(30), null, 0, Long.MAX_VALUE, List.of(), 10, false))))
                .containsExactly("b20", "a30"); // start and end are inclusive
        assertThat(ids(page(query(null, null, "alice@example.org", 0, Long.MAX_VALUE, List.of(), 10, false))))
                .containsExactly("a10", "a30");
        assertThat(ids(page(query(null, null, "alice@example.org/other", 0, Long.MAX_VALUE, List.of(), 10, false))))
                .containsExactly("a30");
        assertThat(ids(page(query(null, null, null, 0, Long.MAX_VALUE, List.of(2L, 4L), 10, false))))
                .containsExactly("b20", "evil40");
    }

    @Test
    void aPlaceTheQueryNamesThatIsNotArchived_givesNoPage_xep0313_4_1_3() {
        publish(ALICE, T0, 10, "a", "b");
        assertThat(store.archivePage(node, new ArchiveQuery(null, null, null, 0, Long.MAX_VALUE, List.of(), 10, false,
                List.of(1L, 2L)))).isPresent();
        assertThat(store.archivePage(node, new ArchiveQuery(null, null, null, 0, Long.MAX_VALUE, List.of(), 10, false,
                List.of(1L, 7L)))).isEmpty();
    }

    @Test
    void trimmingKeepsTheNewestPlaces_removesOnlyTheOldest_andAtMostSoMany_xep0313_2_2() {
        IntStream.rangeClosed(1, 10).forEach(i -> publish(ALICE, T0, 100, "i" + i));
        assertThat(store.trimArchive(node, 6, null, 3)).isEqualTo(3); // 4 are due, 3 at a time
        assertThat(places(page(all(100)))).startsWith(4L);
        assertThat(store.trimArchive(node, 6, null, 3)).isEqualTo(1);
        assertThat(places(page(all(100)))).containsExactly(5L, 6L, 7L, 8L, 9L, 10L);
        assertThat(store.trimArchive(node, 6, null, 3)).isZero();
        assertThat(store.trimArchive(node, 0, null, 100)).isEqualTo(6);
        assertThat(page(all(100)).items()).isEmpty();
        assertThat(store.trimArchive(node, 0, null, 100)).isZero();
    }

    @Test
    void trimmingByAge_removesThoseOlderThanTheCutoff_fromTheOldestOnWithoutGaps_xep0313_2_2() {
        publish(ALICE, T0, 100, "old1");
        publish(ALICE, T0.plus(Duration.ofDays(3)), 100, "new"); // a clock that went back: still no gap
        publish(ALICE, T0, 100, "old2");
        publish(ALICE, T0.plus(Duration.ofDays(4)), 100, "newer");
        assertThat(store.trimArchive(node, Long.MAX_VALUE, T0.plus(Duration.ofDays(1)), 100)).isEqualTo(1);
        assertThat(ids(page(all(100)))).containsExactly("new", "old2", "newer");
        assertThat(store.trimArchive(node, Long.MAX_VALUE, T0.plus(Duration.ofDays(5)), 2)).isEqualTo(2);
        assertThat(ids(page(all(100)))).containsExactly("newer");
    }

    @Test
    void deletingTheNodeDeletesItsArchive_andANodeCreatedAgainStartsWithNone() {
        publish(ALICE, T0, 10, "a");
        store.deleteNode(node, null);
        node = store.createNode("feed", ALICE.asBareJID(), NodeConfig.defaults(), T0).orElseThrow();
        assertThat(page(all(10)).items()).isEmpty();
        publish(ALICE, T0, 10, "b");
        assertThat(places(page(all(10)))).singleElement().satisfies(place -> assertThat(place).isGreaterThan(1L));
        // places are not handed out again: an id of the old archive never names an item of the new one
    }
}
