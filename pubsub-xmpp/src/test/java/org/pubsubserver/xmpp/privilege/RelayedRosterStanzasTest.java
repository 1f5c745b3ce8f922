package org.pubsubserver.xmpp.privilege;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.dom4j.DocumentHelper;
import org.dom4j.Element;
import org.junit.jupiter.api.Test;
import org.pubsubserver.core.cluster.StanzaRelay;
import org.xmpp.packet.IQ;
import org.xmpp.packet.JID;

/**
 * Two instances on one store behind an XMPP server that spreads the component's stanzas over their links
 * (ejabberd picks a link per stanza): what one of them receives for the roster reading of the other is relayed,
 * and taken there as if it had come over its own link.
 */
class RelayedRosterStanzasTest {
    private static final JID SERVICE = new JID("pubsub.localhost");
    private static final JID ALICE = new JID("alice@localhost");
    private static final String GRANT = "<message xmlns='jabber:component:accept' from='localhost'"
            + " to='pubsub.localhost'><privilege xmlns='urn:xmpp:privilege:1'><perm type='get' access='roster'/>"
            + "</privilege></message>";

    /** One instance: what it sends over its link, and its relay to the other instance. */
    private static final class Instance {
        final List<String> sent = new CopyOnWriteArrayList<>();
        final List<String> relayed = new CopyOnWriteArrayList<>();
        Consumer<String> other = stanza -> { };
        final PrivilegedRosters rosters = new PrivilegedRosters(SERVICE, Clock.systemUTC(), sent::add, new StanzaRelay() {
            @Override
            public void relay(String stanza) {
                relayed.add(stanza);
                other.accept(stanza);
            }

            @Override
            public void start(Consumer<String> receiver) {
            }
        });
    }

    private final Instance a = new Instance();
    private final Instance b = new Instance();

    RelayedRosterStanzasTest() {
        a.other = b.rosters::onRelayed;
        b.other = a.rosters::onRelayed;
    }

    private static Element parse(String xml) throws Exception {
        return DocumentHelper.parseText(xml).getRootElement();
    }

    private static String rosterResult(String id, String from) {
        return "<iq xmlns='jabber:component:accept' type='result' id='" + id + "' from='" + from + "'"
                + " to='pubsub.localhost'><query xmlns='jabber:iq:roster'><item jid='bob@localhost'"
                + " subscription='both'><group>friends</group></item></query></iq>";
    }

    /** Grants roster access (told to A, relayed to B) and has A ask for alice's roster. */
    private CompletableFuture<Void> aFetchesAlicesRoster() throws Exception {
        a.rosters.onMessage(parse(GRANT));
        CompletableFuture<Void> fetched = a.rosters.fetch(List.of(ALICE));
        assertThat(a.sent).hasSize(1);
        return fetched;
    }

    private String requestId() throws Exception {
        return parse(a.sent.get(0)).attributeValue("id");
    }

    @Test
    void aPrivilegeGrantToldToOneInstanceIsTakenByTheOther_Xep0356_2_2() throws Exception {
        assertThat(b.rosters.available()).isFalse();
        a.rosters.onMessage(parse(GRANT));
        assertThat(a.rosters.available()).isTrue();
        assertThat(b.rosters.available()).as("told through the relay").isTrue();
        assertThat(b.relayed).as("a relayed stanza is not relayed again").isEmpty();
    }

    @Test
    void theAnswerToOneInstancesRosterRequestThatReachesTheOtherCompletesIt_Xep0356_2_3() throws Exception {
        CompletableFuture<Void> fetched = aFetchesAlicesRoster();
        assertThat(b.rosters.onIqResponse(parse(rosterResult(requestId(), "alice@localhost")))).isTrue();
        fetched.get(1, TimeUnit.SECONDS);
        assertThat(a.rosters.cached(ALICE)).hasValueSatisfying(roster ->
                assertThat(roster.contact(new JID("bob@localhost")).groups()).containsExactly("friends"));
        assertThat(b.rosters.cached(ALICE)).as("B asked for nothing: it caches nothing").isEmpty();
        assertThat(a.relayed).as("a relayed answer is not relayed again").hasSize(1); // A's relayed grant only
    }

    @Test
    void aRelayedAnswerFromAnotherAddressThanTheOneAskedIsNotTaken() throws Exception {
        CompletableFuture<Void> fetched = aFetchesAlicesRoster();
        b.rosters.onIqResponse(parse(rosterResult(requestId(), "mallory@localhost")));
        assertThat(fetched).isNotDone();
        b.rosters.onIqResponse(parse(rosterResult(requestId(), "alice@localhost")));
        fetched.get(1, TimeUnit.SECONDS);
    }

    @Test
    void resultsThatAnswerNoRosterRequestAreNotRelayed() throws Exception {
        assertThat(b.rosters.onIqResponse(parse(rosterResult("q17", "alice@localhost")))).isFalse();
        assertThat(b.relayed).isEmpty();
    }

    @Test
    void aRosterPushToOneInstanceDropsTheOthersCopy_Xep0356_2_4() throws Exception {
        CompletableFuture<Void> fetched = aFetchesAlicesRoster();
        a.rosters.onIqResponse(parse(rosterResult(requestId(), "alice@localhost")));
        fetched.get(1, TimeUnit.SECONDS);
        assertThat(a.rosters.cached(ALICE)).isPresent();
        b.rosters.handle(new IQ(parse("<iq type='set' id='push1' from='alice@localhost' to='pubsub.localhost'>"
                + "<query xmlns='jabber:iq:roster'><item jid='carol@localhost' subscription='both'/></query></iq>")))
                .toCompletableFuture().get(1, TimeUnit.SECONDS);
        assertThat(a.rosters.cached(ALICE)).as("pushed at B, dropped at A").isEmpty();
    }
}
