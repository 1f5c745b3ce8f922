package org.pubsubserver.xmpp.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.TimeUnit;
import org.dom4j.Element;
import org.junit.jupiter.api.Test;
import org.pubsubserver.xmpp.stream.StreamError;
import org.pubsubserver.xmpp.stream.StreamErrors;
import org.pubsubserver.xmpp.stream.StreamHeader;
import org.xmpp.packet.Message;

class ComponentLinkTest extends LinkFixture {
    private final BlockingQueue<Element> inbound = new LinkedTransferQueue<>();
    private final List<Boolean> deliveredOnEventLoop = new ArrayList<>();

    private ComponentLinkSettings settings(int maxStanzaBytes, Duration keepalive, Duration initial, Duration max) {
        return new ComponentLinkSettings(DOMAIN, "127.0.0.1", server.port(), SECRET, maxStanzaBytes, keepalive,
                initial, max, Duration.ofSeconds(2), STANDBY);
    }

    private ComponentLinkSettings fastSettings() {
        return settings(64 * 1024, Duration.ZERO, Duration.ofMillis(10), Duration.ofMillis(50));
    }

    private ComponentLink started(ComponentLinkSettings settings, ReconnectScheduler scheduler) {
        ComponentLink link = link(settings, scheduler, null);
        link.start(stanza -> {
            synchronized (deliveredOnEventLoop) {
                deliveredOnEventLoop.add(group.next().inEventLoop());
            }
            inbound.add(stanza);
        });
        return link;
    }

    private static void await(ComponentLink link) throws Exception {
        link.awaitAuthenticated().get(5, TimeUnit.SECONDS);
    }

    @Test
    void handshakeIsTheLowercaseSha1OfStreamIdAndSecret_xep0114_3() throws Exception {
        ComponentLink link = started(fastSettings(), null);
        PeerConnection peer = server.nextConnection();

        StreamHeader header = peer.awaitHeader();
        assertThat(header.to()).isEqualTo(DOMAIN);
        assertThat(header.contentNamespace()).isEqualTo("jabber:component:accept");
        assertThat(link.send("<message to='a@b' from='pubsub.localhost'/>")).as("send before auth").isFalse();

        peer.send(PeerConnection.serverHeader("3BF96D32"));
        Element handshake = peer.awaitElement();

        assertThat(handshake.getQualifiedName()).isEqualTo("handshake");
        assertThat(handshake.getNamespaceURI()).isEqualTo("jabber:component:accept");
        assertThat(handshake.getText())
                .isEqualTo(PeerConnection.sha1Hex("3BF96D32test"))
                .isEqualTo("aaee83c26aeeafcbabeabfcbcd50df997e0a2a1e"); // the XEP-0114 §3 example
        assertThat(link.isAuthenticated()).isFalse();

        peer.send("<handshake/>");
        await(link);
        assertThat(link.isAuthenticated()).isTrue();
        assertThat(logs.at(Level.INFO)).contains("Component pubsub.localhost is connected to the XMPP server at 127.0.0.1:"
                + server.port());
    }

    @Test
    void anUnstartedLinkIsAnOutputThatTakesNothingAndConnectsNowhere() throws Exception {
        ComponentLink link = link(fastSettings(), null, null);

        assertThat(link.send("<message to='a@b' from='pubsub.localhost'/>")).isFalse();
        assertThat(link.sendAll(List.of("<message to='a@b'/>", "<message to='c@d'/>"))).isFalse();
        assertThat(server.pollConnection(Duration.ofMillis(100))).as("no connection before start").isNull();

        link.start(inbound::add);
        server.nextConnection().authenticate(SECRET);
        await(link);
        assertThat(link.send("<message to='a@b' from='pubsub.localhost'/>")).isTrue();
    }

    @Test
    void manyStanzasSentTogetherArriveWholeAndInOrderAcrossBatches() throws Exception {
        ComponentLink link = started(fastSettings(), null);
        PeerConnection peer = server.nextConnection();
        peer.awaitHeader();
        assertThat(link.sendAll(List.of("<message to='a@b'/>"))).as("before the handshake").isFalse();
        peer.send(PeerConnection.serverHeader("s2"));
        peer.awaitElement();
        peer.send("<handshake/>");
        await(link);
        // more than two batches' worth, with multi-byte text, so stanzas straddle the batch boundaries
        String body = "é".repeat(300);
        int count = 3 * ComponentLink.BATCH_BYTES / 600 + 7;
        List<String> messages = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            messages.add("<message to='sub" + i + "@example.com' from='pubsub.localhost'><body>" + body
                    + "</body></message>");
        }
        assertThat(link.sendAll(messages)).isTrue();
        for (int i = 0; i < count; i++) {
            Element received = peer.awaitElement();
            assertThat(received.attributeValue("to")).isEqualTo("sub" + i + "@example.com");
            assertThat(received.elementText("body")).isEqualTo(body);
        }
    }

    @Test
    void stanzasFlowBothWaysOnlyAfterTheHandshake_xep0114_3() throws Exception {
        ComponentLink link = started(fastSettings(), null);
        PeerConnection peer = server.nextConnection();
        peer.awaitHeader();
        peer.send(PeerConnection.serverHeader("s1"));
        peer.awaitElement();
        peer.send("<message from='early@example.com' to='pubsub.localhost'/>");
        peer.send("<handshake/>");
        await(link);

        peer.send("<iq type='get' id='p1' from='romeo@example.net/orchard' to='pubsub.localhost'>"
                + "<ping xmlns='urn:xmpp:ping'/></iq>");
        Element iq = inbound.poll(5, TimeUnit.SECONDS);
        assertThat(iq).isNotNull();
        assertThat(iq.attributeValue("id")).isEqualTo("p1");
        assertThat(iq.getNamespaceURI()).isEqualTo("jabber:component:accept");
        assertThat(iq.element("ping").getNamespaceURI()).isEqualTo("urn:xmpp:ping");
        assertThat(inbound).as("nothing delivered before authentication").isEmpty();
        assertThat(deliveredOnEventLoop).containsOnly(true);

        assertThat(link.send("<iq type='result' id='p1' from='pubsub.localhost' to='romeo@example.net/orchard'/>"))
                .isTrue();
        Message message = new Message();
        message.setFrom(DOMAIN);
        message.setTo("juliet@example.com");
        message.setBody("héllo & <bye>");
        assertThat(link.send(message)).isTrue();

        Element result = peer.awaitElement();
        assertThat(result.attributeValue("type")).isEqualTo("result");
        Element received = peer.awaitElement();
        assertThat(received.getName()).isEqualTo("message");
        assertThat(received.elementText("body")).isEqualTo("héllo & <bye>");
    }

    @Test
    void refusedSecretIsRetriedWithGrowingDelaysNeverBelowTheFloor_xep0114_3() throws Exception {
        RecordingScheduler scheduler = new RecordingScheduler();
        started(settings(64 * 1024, Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(60)), scheduler);

        List<Duration> delays = new ArrayList<>();
        for (int attempt = 0; attempt < 4; attempt++) {
            PeerConnection peer = server.nextConnection();
            peer.refuseSecret();
            RecordingScheduler.Scheduled next = scheduler.next();
            delays.add(next.delay());
            assertThat(server.pollConnection(Duration.ofMillis(50))).as("no attempt before the delay").isNull();
            next.task().run();
        }

        assertThat(delays).allSatisfy(delay -> assertThat(delay).isGreaterThanOrEqualTo(ComponentLink.REFUSAL_FLOOR)
                .isLessThanOrEqualTo(Duration.ofSeconds(60)));
        for (int i = 1; i < delays.size(); i++) {
            assertThat(delays.get(i)).isGreaterThan(delays.get(i - 1));
        }
        assertThat(logs.at(Level.ERROR)).hasSize(4).first().asString()
                .startsWith("The XMPP server at 127.0.0.1:" + server.port() + " refused the secret for component"
                        + " pubsub.localhost (not-authorized: Given token does not match calculated token): set"
                        + " xmpp.secret to the component secret configured for pubsub.localhost on the XMPP server;"
                        + " retrying in ");
    }

    @Test
    void serverClosingTheSocketLeadsToAReconnect() throws Exception {
        ComponentLink link = started(fastSettings(), null);
        PeerConnection first = server.nextConnection();
        first.authenticate(SECRET);
        await(link);

        first.close();

        PeerConnection second = server.nextConnection();
        assertThat(link.isAuthenticated()).isFalse();
        second.authenticate(SECRET);
        await(link);
        assertThat(link.isAuthenticated()).isTrue();
        assertThat(logs.at(Level.WARN)).anySatisfy(line -> assertThat(line).startsWith(
                "The XMPP server at 127.0.0.1:" + server.port() + " closed the link for component pubsub.localhost"));
    }

    @Test
    void stopSendsTheClosingTagAndNeverReconnects_rfc6120_4_4() throws Exception {
        RecordingScheduler scheduler = new RecordingScheduler();
        ComponentLink link = started(fastSettings(), scheduler);
        PeerConnection peer = server.nextConnection();
        peer.authenticate(SECRET);
        await(link);

        var stopped = link.stop();
        peer.awaitStreamEnd(); // the peer answers with its own closing tag
        stopped.get(5, TimeUnit.SECONDS);

        peer.awaitEof();
        assertThat(scheduler.isEmpty()).as("no reconnect scheduled").isTrue();
        assertThat(server.pollConnection(Duration.ofMillis(100))).isNull();
        assertThat(link.isAuthenticated()).isFalse();
        assertThat(link.send("<presence/>")).isFalse();
        assertThatThrownBy(() -> link.awaitAuthenticated().get(1, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class);
        link.start(stanza -> { });
        assertThat(server.pollConnection(Duration.ofMillis(50))).as("start after stop does nothing").isNull();
    }

    @Test
    void malformedXmlFromTheServerGetsNotWellFormedAndAReconnect_rfc6120_4_9_3_13() throws Exception {
        ComponentLink link = started(fastSettings(), null);
        PeerConnection peer = server.nextConnection();
        peer.authenticate(SECRET);
        await(link);

        peer.send("<message><</message>");

        StreamError error = StreamErrors.read(peer.awaitElement());
        assertThat(error.conditionName()).isEqualTo("not-well-formed");
        peer.awaitStreamEnd();
        peer.awaitEof();
        server.nextConnection().authenticate(SECRET);
        await(link);
        assertThat(logs.at(Level.WARN)).anySatisfy(line -> assertThat(line).contains("(not-well-formed: "));
    }

    @Test
    void oversizedStanzaGetsPolicyViolationBeforeItEnds_rfc6120_4_9_3_14() throws Exception {
        ComponentLink link = started(settings(1024, Duration.ZERO, Duration.ofMillis(10), Duration.ofMillis(50)),
                null);
        PeerConnection peer = server.nextConnection();
        peer.authenticate(SECRET);
        await(link);

        peer.send("<message to='pubsub.localhost'><body>" + "x".repeat(1100));

        assertThat(StreamErrors.read(peer.awaitElement()).conditionName()).isEqualTo("policy-violation");
        peer.awaitStreamEnd();
        peer.awaitEof();
    }

    @Test
    void aSpaceIsWrittenWhenNothingWasWrittenForTheKeepaliveInterval_rfc6120_4_6_1() throws Exception {
        ComponentLink link = started(settings(64 * 1024, Duration.ofMillis(50), Duration.ofMillis(10),
                Duration.ofMillis(50)), null);
        PeerConnection peer = server.nextConnection();
        peer.authenticate(SECRET);
        await(link);

        String raw = peer.awaitRaw(text -> text.endsWith("</handshake>  "));

        assertThat(raw.substring(raw.indexOf("</handshake>"))).isEqualTo("</handshake>  ");
    }

    @Test
    void handshakeThatNeverCompletesTimesOut() throws Exception {
        RecordingScheduler scheduler = new RecordingScheduler();
        started(new ComponentLinkSettings(DOMAIN, "127.0.0.1", server.port(), SECRET, 64 * 1024, Duration.ZERO,
                Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofMillis(200), STANDBY), scheduler);
        PeerConnection peer = server.nextConnection();
        peer.awaitHeader();

        peer.awaitStreamEnd();
        peer.awaitEof();
        scheduler.next();
        assertThat(logs.at(Level.WARN)).anySatisfy(line -> assertThat(line).contains(
                "did not complete the component handshake for pubsub.localhost within 200 ms"));
    }

    @Test
    void streamHeaderOfAnotherNamespaceGetsInvalidNamespace_rfc6120_4_9_3_10() throws Exception {
        started(fastSettings(), null);
        PeerConnection peer = server.nextConnection();
        peer.awaitHeader();

        peer.send("<stream:stream xmlns:stream='http://etherx.jabber.org/streams' xmlns='jabber:client' id='x'>");

        assertThat(StreamErrors.read(peer.awaitElement()).conditionName()).isEqualTo("invalid-namespace");
    }

    @Test
    void refusedConnectionIsLoggedWithWhatToCheck() throws Exception {
        int closedPort = closedPort();
        RecordingScheduler scheduler = new RecordingScheduler();
        started(new ComponentLinkSettings(DOMAIN, "127.0.0.1", closedPort, SECRET, 64 * 1024, Duration.ZERO,
                Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofSeconds(2), STANDBY), scheduler);

        Duration delay = scheduler.next().delay();

        assertThat(delay).isBetween(Duration.ofSeconds(1), Duration.ofMillis(1200));
        assertThat(logs.at(Level.WARN)).containsExactly("Could not connect to the XMPP server at 127.0.0.1:"
                + closedPort + " (connection refused): check that the XMPP server is running with a component port"
                + " for pubsub.localhost on 127.0.0.1:" + closedPort + "; retrying in "
                + LinkDiagnosis.format(delay));
    }

    private PeerConnection authenticatedPeer(RecordingScheduler scheduler) throws Exception {
        ComponentLink link = started(fastSettings(), scheduler);
        PeerConnection peer = server.nextConnection();
        peer.authenticate(SECRET);
        await(link);
        return peer;
    }

    @Test
    void aStanzaThatEndsWrongWithNothingAfterItGetsNotWellFormedAtOnce_rfc6120_4_9_3_13() throws Exception {
        PeerConnection peer = authenticatedPeer(null);

        peer.send("<message to='pubsub.localhost'></mess>");

        StreamError error = StreamErrors.read(peer.awaitElement());
        assertThat(error).isEqualTo(new StreamError("not-well-formed", "unexpected end tag: expected </message>"));
        peer.awaitStreamEnd();
    }

    @Test
    void anElementThatIsNotAStanzaGetsUnsupportedStanzaType_rfc6120_4_9_3_24() throws Exception {
        RecordingScheduler scheduler = new RecordingScheduler();
        PeerConnection peer = authenticatedPeer(scheduler);

        peer.send("<pubsub xmlns='http://jabber.org/protocol/pubsub'><create node='x'/></pubsub>");

        assertThat(StreamErrors.read(peer.awaitElement()).conditionName()).isEqualTo("unsupported-stanza-type");
        peer.awaitStreamEnd();
        scheduler.next();
        assertThat(inbound).isEmpty();
    }

    @Test
    void overlongUtf8GetsUnsupportedEncoding_rfc6120_4_9_3_22() throws Exception {
        PeerConnection peer = authenticatedPeer(null);

        peer.send("<iq type='set' id='c' from='romeo@example.net/orchard' to='pubsub.localhost'><pubsub"
                + " xmlns='http://jabber.org/protocol/pubsub'><create node='a");
        peer.sendBytes(new byte[] {(byte) 0xC0, (byte) 0xAF});
        peer.send("b'/></pubsub></iq>");

        assertThat(StreamErrors.read(peer.awaitElement()).conditionName()).isEqualTo("unsupported-encoding");
        assertThat(inbound.poll(100, TimeUnit.MILLISECONDS)).as("no node named a/b").isNull();
    }

    @Test
    void anElementWithTooManyAttributesIsRefusedAndTheLogNamesTheLimit_rfc6120_4_9_3_14() throws Exception {
        RecordingScheduler scheduler = new RecordingScheduler();
        PeerConnection peer = authenticatedPeer(scheduler);
        StringBuilder attributes = new StringBuilder();
        for (int i = 0; i < 60_000; i++) {
            attributes.append(" a").append(i).append("='v'");
        }

        try {
            peer.send("<iq type='get' id='big' from='romeo@example.net/orchard' to='pubsub.localhost'" + attributes
                    + "><ping xmlns='urn:xmpp:ping'/></iq>");
        } catch (IOException e) {
            // the component closes the connection long before the 649 KB are written
        }

        assertThat(StreamErrors.read(peer.awaitElement()))
                .isEqualTo(new StreamError("policy-violation", "an element with more than 256 attributes"));
        scheduler.next();
        assertThat(logs.at(Level.WARN)).anySatisfy(line -> assertThat(line).contains(
                "(policy-violation: an element with more than 256 attributes), so the link for pubsub.localhost was"
                        + " closed with that stream error: an element may have at most 256 attributes, a fixed"
                        + " limit"));
        assertThat(inbound).isEmpty();
    }

    @Test
    void aStanzaNestedTooDeepIsLoggedWithTheDepthLimitNotTheSizeSetting() throws Exception {
        RecordingScheduler scheduler = new RecordingScheduler();
        PeerConnection peer = authenticatedPeer(scheduler);

        peer.send("<message to='pubsub.localhost'>" + "<a>".repeat(128));

        assertThat(StreamErrors.read(peer.awaitElement()).conditionName()).isEqualTo("policy-violation");
        scheduler.next();
        assertThat(logs.at(Level.WARN)).singleElement().asString()
                .contains("elements nested deeper than 128 levels in one stanza")
                .contains("a stanza may nest elements at most 128 levels deep")
                .doesNotContain("xmpp.max-stanza-size");
    }
}
