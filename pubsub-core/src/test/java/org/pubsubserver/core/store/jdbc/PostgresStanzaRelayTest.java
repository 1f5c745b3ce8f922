package org.pubsubserver.core.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Issue 14: stanzas one instance relays reach every other instance once, and not itself; keys are agreed on. */
class PostgresStanzaRelayTest {
    private final SharedSchema schema = new SharedSchema();

    @AfterEach
    void close() {
        schema.close();
    }

    private static BlockingQueue<String> start(JdbcStorage instance) {
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        instance.stanzaRelay().start(received::add);
        return received;
    }

    @Test
    void aRelayedStanzaReachesEveryOtherInstanceOnceInOrderAndNotItsOwn() throws Exception {
        JdbcStorage one = schema.openInstance();
        JdbcStorage two = schema.openInstance();
        JdbcStorage three = schema.openInstance();
        BlockingQueue<String> atOne = start(one);
        BlockingQueue<String> atTwo = start(two);
        BlockingQueue<String> atThree = start(three);
        // larger than a notification may carry (8,000 bytes): the row carries it, the notification its id
        String large = "<iq type='result' id='pubsub-x-2'><query xmlns='jabber:iq:roster'>" + "<item jid='a@b'/>".repeat(1000)
                + "</query></iq>";
        one.stanzaRelay().relay("<iq type='result' id='pubsub-x-1'/>");
        one.stanzaRelay().relay(large);
        for (BlockingQueue<String> other : List.of(atTwo, atThree)) {
            assertThat(other.poll(5, TimeUnit.SECONDS)).isEqualTo("<iq type='result' id='pubsub-x-1'/>");
            assertThat(other.poll(5, TimeUnit.SECONDS)).isEqualTo(large);
        }
        two.stanzaRelay().relay("<message from='localhost'/>");
        assertThat(atOne.poll(5, TimeUnit.SECONDS)).isEqualTo("<message from='localhost'/>");
        assertThat(atThree.poll(5, TimeUnit.SECONDS)).isEqualTo("<message from='localhost'/>");
        Thread.sleep(300);
        assertThat(atOne).as("its own stanzas do not come back to the relaying instance").isEmpty();
        assertThat(atTwo).isEmpty();
        assertThat(atThree).as("each once").isEmpty();
    }

    @Test
    void servicesInSchemasOfTheirOwnInOneDatabaseDoNotHearEachOther() throws Exception {
        try (SharedSchema otherService = new SharedSchema()) {
            JdbcStorage here = schema.openInstance();
            BlockingQueue<String> atOther = start(schema.openInstance());
            here.stanzaRelay().relay("<iq type='result' id='pubsub-here-1'/>");
            assertThat(atOther.poll(5, TimeUnit.SECONDS)).isEqualTo("<iq type='result' id='pubsub-here-1'/>");
            // the other service's first row has the same id as this one's: told of it, this service would read its own
            otherService.openInstance().stanzaRelay().relay("<iq type='result' id='pubsub-there-1'/>");
            assertThat(atOther.poll(1, TimeUnit.SECONDS)).isNull();
        }
    }

    @Test
    void relayedRowsAreKeptAboutAMinute() throws Exception {
        JdbcStorage one = schema.openInstance();
        BlockingQueue<String> atTwo = start(schema.openInstance());
        start(one);
        one.stanzaRelay().relay("<iq type='result' id='pubsub-x-1'/>");
        assertThat(atTwo.poll(5, TimeUnit.SECONDS)).isNotNull();
        try (Connection connection = one.dataSource().getConnection(); Statement statement = connection.createStatement()) {
            statement.executeUpdate("UPDATE pubsub_relayed_stanza SET created = now() - interval '2 minutes'");
            // the housekeeping of a listener starting now runs as soon as it listens
            start(schema.openInstance());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            int left;
            do {
                Thread.sleep(50);
                try (ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM pubsub_relayed_stanza")) {
                    rows.next();
                    left = rows.getInt(1);
                }
            } while (left > 0 && System.nanoTime() < deadline);
            assertThat(left).isZero();
        }
    }

    @Test
    void theFirstInstanceToAskStoresItsKeyAndEveryInstanceUsesThatOne() {
        JdbcStorage one = schema.openInstance();
        JdbcStorage two = schema.openInstance();
        byte[] first = {1, 2, 3};
        assertThat(one.serviceKey("sse-token", first)).isEqualTo(first);
        assertThat(two.serviceKey("sse-token", new byte[] {9, 9})).isEqualTo(first);
        assertThat(one.serviceKey("other", new byte[] {7})).isEqualTo(new byte[] {7});
    }
}
