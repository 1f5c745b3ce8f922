package org.pubsubserver.xmpp.link;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Several instances of this service may connect as one component domain. ejabberd takes them all; Prosody and
 * Openfire take one and answer the others with {@code <conflict/>} (RFC 6120 §4.9.3.3: "allowing the new stream
 * would conflict with an existing stream"). That is not an error: the refused instance stands by, tries again at a
 * short fixed interval, and takes the link over once the XMPP server has dropped the instance that held it.
 */
class StandbyTest extends LinkFixture {
    private static final Duration SECOND = Duration.ofSeconds(1);
    /** The earliest a standby attempt may come: the interval less its jitter of up to 10 %. */
    private static final Duration STANDBY_EARLIEST = STANDBY.multipliedBy(9).dividedBy(10);

    private final RecordingScheduler scheduler = new RecordingScheduler();

    private ComponentLink started() {
        ComponentLink link = link(new ComponentLinkSettings(DOMAIN, "127.0.0.1", server.port(), SECRET, 64 * 1024,
                Duration.ZERO, SECOND, Duration.ofSeconds(60), Duration.ofSeconds(2), STANDBY), scheduler, null);
        link.start(stanza -> { });
        return link;
    }

    private String connecting() {
        return "Connecting component pubsub.localhost to the XMPP server at 127.0.0.1:" + server.port();
    }

    private String standingBy() {
        return "Standing by: the XMPP server at 127.0.0.1:" + server.port() + " already has a component connected as"
                + " pubsub.localhost (another instance of this service, presumably); trying again every 2.0 s to take"
                + " over when it leaves";
    }

    private List<String> standbyLines() {
        return logs.at(Level.INFO).stream().filter(line -> line.startsWith("Standing by:")).toList();
    }

    @Test
    void aConflictAfterTheSecretMeansAnotherInstanceHoldsTheLink_xep0114_rfc6120_4_9_3_3() throws Exception {
        ComponentLink link = started();

        server.nextConnection().refuseAsAlreadyConnected(); // Prosody, component_conflict_resolve = "kick_new"
        RecordingScheduler.Scheduled retry = scheduler.next();

        assertThat(link.state()).isEqualTo(LinkState.STANDING_BY);
        assertThat(link.isAuthenticated()).isFalse();
        assertThat(retry.delay()).as("the standby interval, up to 10 % sooner: not the 5 s floor of a refusal")
                .isBetween(STANDBY_EARLIEST, STANDBY);
        assertThat(logs.at(Level.INFO)).containsExactly(connecting(), standingBy());
        assertThat(logs.at(Level.WARN)).isEmpty();
        assertThat(logs.at(Level.ERROR)).isEmpty();
    }

    @Test
    void aConflictInAnErrorHeaderBeforeTheHandshakeMeansTheSame_rfc6120_4_9_1_2() throws Exception {
        ComponentLink link = started();

        // Openfire: a header without an id (there will be no handshake), then the error; not a bad-format header
        server.nextConnection().refuseAsAlreadyConnectedBeforeTheHandshake();
        RecordingScheduler.Scheduled retry = scheduler.next();

        assertThat(link.state()).isEqualTo(LinkState.STANDING_BY);
        assertThat(retry.delay()).isBetween(STANDBY_EARLIEST, STANDBY);
        assertThat(logs.at(Level.INFO)).containsExactly(connecting(), standingBy());
        assertThat(logs.at(Level.WARN)).isEmpty();
    }

    @Test
    void standingByIsLoggedOnceAtInfoThenEachAttemptAtDebugAtTheSameShortInterval_xep0114() throws Exception {
        ComponentLink link = started();
        List<Duration> delays = new ArrayList<>();

        for (int attempt = 0; attempt < 4; attempt++) {
            server.nextConnection().refuseAsAlreadyConnected();
            RecordingScheduler.Scheduled retry = scheduler.next();
            delays.add(retry.delay());
            retry.task().run();
        }

        assertThat(delays).as("never the exponential backoff").allSatisfy(delay ->
                assertThat(delay).isBetween(STANDBY_EARLIEST, STANDBY));
        assertThat(standbyLines()).containsExactly(standingBy());
        assertThat(logs.at(Level.DEBUG)).filteredOn(line -> line.startsWith("Still standing by:")).hasSize(3)
                .first().asString().startsWith("Still standing by: the XMPP server at 127.0.0.1:" + server.port()
                        + " still has another component connected as pubsub.localhost (attempt 2,");
        assertThat(logs.at(Level.WARN)).isEmpty();
        assertThat(logs.at(Level.ERROR)).isEmpty();
        assertThat(link.state()).isEqualTo(LinkState.STANDING_BY);
    }

    @Test
    void aHandshakeTakenAfterStandingByTakesTheLinkOver_xep0114() throws Exception {
        ComponentLink link = started();
        server.nextConnection().refuseAsAlreadyConnected();
        scheduler.next().task().run();
        server.nextConnection().refuseAsAlreadyConnected();

        // the XMPP server drops the instance that held the link; the next attempt gets it
        scheduler.next().task().run();
        PeerConnection taken = server.nextConnection();
        taken.authenticate(SECRET);
        link.awaitAuthenticated().get(5, TimeUnit.SECONDS);

        assertThat(link.state()).isEqualTo(LinkState.LINKED);
        assertThat(link.send("<message to='a@b' from='pubsub.localhost'/>")).isTrue();
        assertThat(logs.at(Level.INFO)).last().asString().startsWith("Component pubsub.localhost is connected to the"
                + " XMPP server at 127.0.0.1:" + server.port() + ", taking over the link after standing by for ")
                .endsWith(": the instance that held it is gone");

        // the standby period ended: the link it took over drops by the ordinary rules, and a new refusal is logged
        taken.close();
        RecordingScheduler.Scheduled afterDrop = scheduler.next();
        assertThat(link.state()).isEqualTo(LinkState.CONNECTING);
        assertThat(afterDrop.delay()).as("the first backoff delay").isBetween(SECOND, Duration.ofMillis(1200));
        afterDrop.task().run();
        server.nextConnection().refuseAsAlreadyConnected();
        scheduler.next();
        assertThat(link.state()).isEqualTo(LinkState.STANDING_BY);
        assertThat(standbyLines()).containsExactly(standingBy(), standingBy());
    }

    @Test
    void aConflictWhileLinkedMeansANewerConnectionTookTheLink_rfc6120_4_9_3_3() throws Exception {
        ComponentLink link = started();
        PeerConnection peer = server.nextConnection();
        peer.authenticate(SECRET);
        link.awaitAuthenticated().get(5, TimeUnit.SECONDS);

        // Prosody with component_conflict_resolve = "kick_old": each new connection throws the holder out
        peer.closeWithStreamError("conflict", "Replaced by a new connection");
        RecordingScheduler.Scheduled retry = scheduler.next();

        assertThat(link.state()).isEqualTo(LinkState.STANDING_BY);
        assertThat(retry.delay()).isBetween(STANDBY_EARLIEST, STANDBY);
        assertThat(logs.at(Level.WARN)).singleElement().asString().isEqualTo("Standing by: the XMPP server at"
                + " 127.0.0.1:" + server.port() + " gave the link of component pubsub.localhost to a newer connection"
                + " as pubsub.localhost (conflict: Replaced by a new connection); trying again every 2.0 s to take it"
                + " back when that one leaves, but if this repeats every few seconds, the server hands the link to"
                + " each new connection and the instances take it from each other: make it keep the first one"
                + " (Prosody: component_conflict_resolve = \"kick_new\", its default)");
        assertThat(logs.at(Level.ERROR)).isEmpty();
    }

    @Test
    void theStateFollowsTheLinkFromNewToStopped() throws Exception {
        ComponentLink link = link(new ComponentLinkSettings(DOMAIN, "127.0.0.1", server.port(), SECRET, 64 * 1024,
                Duration.ZERO, SECOND, Duration.ofSeconds(60), Duration.ofSeconds(2), STANDBY), scheduler, null);
        assertThat(link.state()).isEqualTo(LinkState.NEW);

        link.start(stanza -> { });
        PeerConnection first = server.nextConnection();
        assertThat(link.state()).isEqualTo(LinkState.CONNECTING);
        first.authenticate(SECRET);
        link.awaitAuthenticated().get(5, TimeUnit.SECONDS);
        assertThat(link.state()).isEqualTo(LinkState.LINKED);

        first.close();
        scheduler.next().task().run();
        assertThat(link.state()).isEqualTo(LinkState.CONNECTING);
        server.nextConnection().authenticate(SECRET);
        link.awaitAuthenticated().get(5, TimeUnit.SECONDS);

        link.stop().get(5, TimeUnit.SECONDS);
        assertThat(link.state()).isEqualTo(LinkState.STOPPED);
    }

    @Test
    void stopWhileStandingByEndsTheAttempts() throws Exception {
        ComponentLink link = started();
        server.nextConnection().refuseAsAlreadyConnected();
        RecordingScheduler.Scheduled retry = scheduler.next();

        link.stop().get(1, TimeUnit.SECONDS);
        retry.task().run(); // as if the cancel came too late

        assertThat(link.state()).isEqualTo(LinkState.STOPPED);
        assertThat(server.pollConnection(Duration.ofMillis(100))).as("no attempt after stop").isNull();
    }
}
