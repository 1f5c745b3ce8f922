package org.pubsubserver.xmpp.link;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Duration;
import io.netty.channel.ConnectTimeoutException;
import org.junit.jupiter.api.Test;
import org.pubsubserver.xmpp.stream.StanzaLimits;
import org.pubsubserver.xmpp.stream.StreamError;
import org.pubsubserver.xmpp.stream.StreamErrorCondition;

class LinkDiagnosisTest {
    private final ComponentLinkSettings settings =
            ComponentLinkSettings.defaults("pubsub.localhost", "127.0.0.1", 5347, "secret");

    @Test
    void refusedSecretTellsWhichSettingToFix() {
        LinkFailure failure = LinkFailure.received(new StreamError("not-authorized",
                "Given token does not match calculated token"));

        assertThat(LinkDiagnosis.sentence(failure, settings, Duration.ofMillis(4200))).isEqualTo(
                "The XMPP server at 127.0.0.1:5347 refused the secret for component pubsub.localhost"
                        + " (not-authorized: Given token does not match calculated token): set xmpp.secret to the"
                        + " component secret configured for pubsub.localhost on the XMPP server; retrying in 4.2 s");
        assertThat(failure.isRefusal()).isTrue();
        assertThat(LinkDiagnosis.isError(failure)).isTrue();
    }

    @Test
    void eachServerRefusalNamesItsCause() {
        assertThat(sentence(new StreamError("host-unknown", null))).contains("does not serve the component domain");
        assertThat(sentence(new StreamError("host-gone", null))).contains("no longer serves");
        assertThat(sentence(new StreamError("system-shutdown", "bye"))).contains("is shutting down (system-shutdown: bye)");
        assertThat(sentence(new StreamError("policy-violation", null))).contains("policy violation");
        assertThat(sentence(new StreamError("urn:x-strange", null))).contains("with a stream error (urn:x-strange)");
    }

    @Test
    void aConflictIsAnotherInstanceHoldingTheLinkNotARefusalNorAnError_rfc6120_4_9_3_3() {
        LinkFailure conflict = LinkFailure.received(new StreamError("conflict", "Component already connected"));

        assertThat(conflict.isConflict()).isTrue();
        assertThat(conflict.isRefusal()).as("no 5 s floor").isFalse();
        assertThat(LinkDiagnosis.isError(conflict)).isFalse();
        assertThat(LinkDiagnosis.standingBy(settings)).isEqualTo("Standing by: the XMPP server at 127.0.0.1:5347"
                + " already has a component connected as pubsub.localhost (another instance of this service,"
                + " presumably); trying again every 2.0 s to take over when it leaves");
        assertThat(LinkFailure.received(new StreamError("not-authorized", null)).isConflict()).isFalse();
        assertThat(LinkFailure.sent(StreamErrorCondition.CONFLICT, null, null).isConflict()).as("ours").isFalse();
    }

    @Test
    void connectFailuresAreClassified() {
        assertThat(LinkFailure.connectFailed(new ConnectException("Connection refused")).kind())
                .isEqualTo(LinkFailure.Kind.CONNECTION_REFUSED);
        assertThat(LinkFailure.connectFailed(new ConnectTimeoutException("connection timed out")).kind())
                .isEqualTo(LinkFailure.Kind.CONNECT_TIMEOUT);
        LinkFailure unresolved = LinkFailure.connectFailed(new UnknownHostException("xmpp.invalid"));
        assertThat(unresolved.kind()).isEqualTo(LinkFailure.Kind.UNRESOLVED_HOST);
        assertThat(LinkDiagnosis.sentence(unresolved, settings, Duration.ofSeconds(2))).isEqualTo(
                "Could not resolve the XMPP server host 127.0.0.1 (xmpp.invalid): set xmpp.host to the name or"
                        + " address of the XMPP server; retrying in 2.0 s");
    }

    @Test
    void everySentenceIsOneSentenceEndingWithTheRetry() {
        for (LinkFailure.Kind kind : LinkFailure.Kind.values()) {
            LinkFailure failure = kind == LinkFailure.Kind.STREAM_ERROR_RECEIVED
                    ? LinkFailure.received(new StreamError("bad-format", null))
                    : new LinkFailure(kind, kind == LinkFailure.Kind.STREAM_ERROR_SENT ? "not-well-formed" : null,
                            "detail");
            String sentence = LinkDiagnosis.sentence(failure, settings, Duration.ofMillis(250));
            assertThat(sentence).as(kind.name()).endsWith("; retrying in 250 ms").doesNotContain(". ")
                    .doesNotContain("null");
        }
    }

    @Test
    void aStanzaNestedTooDeepNamesTheDepthLimitNotTheSizeSetting() {
        LinkFailure tooDeep = LinkFailure.sent(StreamErrorCondition.POLICY_VIOLATION,
                "elements nested deeper than 128 levels in one stanza", StanzaLimits.Limit.DEPTH);

        assertThat(LinkDiagnosis.sentence(tooDeep, settings, Duration.ofMillis(250))).isEqualTo(
                "The XMPP server at 127.0.0.1:5347 sent data that breaks the XMPP stream rules (policy-violation:"
                        + " elements nested deeper than 128 levels in one stanza), so the link for pubsub.localhost"
                        + " was closed with that stream error: a stanza may nest elements at most 128 levels deep, a"
                        + " fixed limit that bounds the work of parsing one stanza: look in the XMPP server's log for"
                        + " who sent it; retrying in 250 ms");
    }

    @Test
    void onlyAStanzaTooLargeAsksToRaiseTheSizeSetting() {
        for (StanzaLimits.Limit limit : StanzaLimits.Limit.values()) {
            String sentence = LinkDiagnosis.sentence(LinkFailure.sent(StreamErrorCondition.POLICY_VIOLATION, "past it",
                    limit), settings, Duration.ofMillis(250));
            assertThat(sentence).as(limit.name()).endsWith("; retrying in 250 ms").doesNotContain(". ");
            if (limit == StanzaLimits.Limit.SIZE) {
                assertThat(sentence).contains("raise xmpp.max-stanza-size (now 1048576)");
            } else {
                assertThat(sentence).doesNotContain("xmpp.max-stanza-size").contains("fixed limit");
            }
        }
    }

    @Test
    void aSocketThatCouldNotBeMadeIsAnErrorAboutOpenFiles() {
        LinkFailure failure = LinkFailure.noSocket(new io.netty.channel.ChannelException("Unable to create Channel",
                new java.io.IOException("newSocketStream(..) failed: Too many open files")));

        assertThat(LinkDiagnosis.isError(failure)).isTrue();
        assertThat(LinkDiagnosis.sentence(failure, settings, Duration.ofSeconds(1))).isEqualTo(
                "Could not open a socket for the link of component pubsub.localhost to the XMPP server at"
                        + " 127.0.0.1:5347 (newSocketStream(..) failed: Too many open files): check the process's"
                        + " limit of open files (ulimit -n, LimitNOFILE) and what holds them, such as HTTP"
                        + " connections; retrying in 1.0 s");
    }

    private String sentence(StreamError error) {
        return LinkDiagnosis.sentence(LinkFailure.received(error), settings, Duration.ofSeconds(5));
    }
}
