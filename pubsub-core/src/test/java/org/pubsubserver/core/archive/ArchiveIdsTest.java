package org.pubsubserver.core.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** XEP-0313 §2: archive ids are unique within the archive, unpredictable, and (§3.2 of the business rules) never reused. */
class ArchiveIdsTest {
    private final ArchiveIds ids = new ArchiveIds(new byte[] {1, 2, 3, 4});

    @Test
    void anIdReadsBackToItsPlace_onItsOwnNodeOnly() {
        String id = ids.idOf("news", 42);
        assertThat(id).hasSize(22).matches("[A-Za-z0-9_-]+");
        assertThat(ids.placeOf("news", id)).hasValue(42);
        assertThat(ids.placeOf("other", id)).isEmpty();
        assertThat(new ArchiveIds(new byte[] {1, 2, 3, 4}).placeOf("news", id)).hasValue(42); // the same after a restart
    }

    @Test
    void idsAreUnpredictable_neighbouringPlacesShareNoVisiblePattern_xep0313_2() {
        Set<String> prefixes = new HashSet<>();
        for (long place = 1; place <= 1000; place++) {
            prefixes.add(ids.idOf("news", place).substring(0, 4));
        }
        assertThat(prefixes).hasSizeGreaterThan(990); // 24 bits of each: a counter would share most
        assertThat(new ArchiveIds(new byte[] {9}).idOf("news", 1)).isNotEqualTo(ids.idOf("news", 1));
    }

    @Test
    void madeUpOrDamagedIds_readAsNoId() {
        String id = ids.idOf("news", 7);
        String damaged = (id.charAt(0) == 'A' ? 'B' : 'A') + id.substring(1);
        assertThat(ids.placeOf("news", damaged)).isEmpty();
        assertThat(ids.placeOf("news", "7")).isEmpty();
        assertThat(ids.placeOf("news", "not base64 at all!!!!!")).isEmpty();
        assertThat(ids.placeOf("news", null)).isEmpty();
    }
}
