package org.pubsubserver.core.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.pubsubserver.core.cluster.SharedPresence;

/** Issue 14: presence seen by one instance reaches the others through the shared store. */
class PostgresSharedPresenceTest {
    private final SharedSchema schema = new SharedSchema();

    @AfterEach
    void close() {
        schema.close();
    }

    /** What an instance knows of everyone's presence, as its receiver is told. */
    private static final class Known implements SharedPresence.Receiver {
        final Map<String, Map<String, String>> presence = new ConcurrentHashMap<>();

        @Override
        public void presenceOf(String bareJid, Map<String, String> resources) {
            if (resources.isEmpty()) {
                presence.remove(bareJid);
            } else {
                presence.put(bareJid, resources);
            }
        }

        @Override
        public void allPresence(Map<String, Map<String, String>> all) {
            presence.clear();
            presence.putAll(all);
        }

        void await(String bareJid, Map<String, String> expected) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (!expected.equals(presence.getOrDefault(bareJid, Map.of())) && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(presence.getOrDefault(bareJid, Map.of())).as(bareJid).isEqualTo(expected);
        }
    }

    private SharedPresence start(Known known) {
        JdbcStorage storage = schema.openInstance();
        storage.sharedPresence().start(known);
        return storage.sharedPresence();
    }

    @Test
    void presenceSeenByOneInstanceReachesTheOthersAndInstancesStartingLaterSeeItToo() throws Exception {
        Known atOne = new Known();
        Known atOther = new Known();
        SharedPresence one = start(atOne);
        start(atOther);
        one.changed("bob@localhost", "phone", "online");
        one.changed("bob@localhost", "desk", "dnd");
        atOther.await("bob@localhost", Map.of("phone", "online", "desk", "dnd"));
        atOne.await("bob@localhost", Map.of("phone", "online", "desk", "dnd"));

        Known late = new Known();
        start(late);
        late.await("bob@localhost", Map.of("phone", "online", "desk", "dnd"));

        one.changed("bob@localhost", "phone", null);
        atOther.await("bob@localhost", Map.of("desk", "dnd"));
        late.await("bob@localhost", Map.of("desk", "dnd"));
    }
}
