package org.pubsubserver.xmpp.link;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.dom4j.DocumentHelper;
import org.dom4j.Element;
import org.dom4j.Namespace;
import org.dom4j.QName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.pubsubserver.xmpp.stream.StreamHeader;

class ComponentSessionHandlerTest {
    private static final Namespace ACCEPT = Namespace.get("jabber:component:accept");

    private final ComponentLinkSettings settings =
            ComponentLinkSettings.defaults("pubsub.localhost", "127.0.0.1", 5347, "test");
    private final List<Element> delivered = new ArrayList<>();
    private final List<Channel> authenticated = new ArrayList<>();
    private final EmbeddedChannel channel = new EmbeddedChannel(
            new ComponentSessionHandler(settings, delivered::add, authenticated::add));

    @AfterEach
    void finish() {
        channel.finishAndReleaseAll();
    }

    private String written() {
        ByteBuf buffer = channel.readOutbound();
        try {
            return buffer == null ? null : buffer.toString(UTF_8);
        } finally {
            if (buffer != null) {
                buffer.release();
            }
        }
    }

    private void authenticate() {
        written(); // our stream header
        channel.writeInbound(new StreamHeader("3BF96D32", "pubsub.localhost", null, null, "en",
                "jabber:component:accept"));
        written(); // our handshake
        channel.writeInbound(DocumentHelper.createElement(QName.get("handshake", ACCEPT)));
    }

    @Test
    void opensTheStreamToTheComponentDomainAndAnswersTheHeaderWithTheHandshake_xep0114_3() {
        assertThat(written()).isEqualTo("<?xml version='1.0'?><stream:stream xmlns='jabber:component:accept'"
                + " xmlns:stream='http://etherx.jabber.org/streams' to='pubsub.localhost'>");

        channel.writeInbound(new StreamHeader("3BF96D32", "pubsub.localhost", null, null, null,
                "jabber:component:accept"));

        assertThat(written()).isEqualTo("<handshake>aaee83c26aeeafcbabeabfcbcd50df997e0a2a1e</handshake>");
        assertThat(authenticated).isEmpty();
    }

    @Test
    void aHeaderWithoutIdThenAStreamErrorIsTheServerRefusingTheStream_rfc6120_4_9_1_2() {
        written(); // our stream header
        // Openfire's answer to a second connection as the domain: a header without id, then <conflict/>
        channel.writeInbound(new StreamHeader(null, "pubsub.localhost", null, null, null, "jabber:component:accept"));
        assertThat(written()).as("no handshake, and no stream error of ours yet").isNull();

        Element error = DocumentHelper.createElement(QName.get("error", "stream", "http://etherx.jabber.org/streams"));
        error.addElement(QName.get("conflict", Namespace.get("urn:ietf:params:xml:ns:xmpp-streams")));
        channel.writeInbound(error);

        assertThat(written()).isEqualTo("</stream:stream>");
        assertThat(LinkFailure.recorded(channel)).isEqualTo(new LinkFailure(LinkFailure.Kind.STREAM_ERROR_RECEIVED,
                "conflict", null));
        assertThat(channel.isOpen()).isFalse();
        assertThat(authenticated).isEmpty();
    }

    @Test
    void aHeaderWithoutIdFollowedByAnythingButAStreamErrorIsBadFormat_rfc6120_4_9_3_1() {
        written();
        channel.writeInbound(new StreamHeader("", "pubsub.localhost", null, null, null, "jabber:component:accept"));

        channel.writeInbound(DocumentHelper.createElement(QName.get("handshake", ACCEPT)));

        assertThat(written()).isEqualTo("<stream:error><bad-format xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>"
                + "<text xmlns='urn:ietf:params:xml:ns:xmpp-streams'>the stream header has no id to compute the"
                + " handshake</text></stream:error></stream:stream>");
        assertThat(LinkFailure.recorded(channel).kind()).isEqualTo(LinkFailure.Kind.STREAM_ERROR_SENT);
        assertThat(authenticated).isEmpty();
    }

    @Test
    void stanzasReachTheHandlerOnlyAfterTheEmptyHandshake_xep0114_3() {
        written();
        channel.writeInbound(new StreamHeader("x", null, null, null, null, "jabber:component:accept"));
        channel.writeInbound(DocumentHelper.createElement(QName.get("message", ACCEPT)));
        assertThat(delivered).isEmpty();

        channel.writeInbound(DocumentHelper.createElement(QName.get("handshake", ACCEPT)));
        channel.writeInbound(DocumentHelper.createElement(QName.get("iq", ACCEPT)));

        assertThat(authenticated).containsExactly(channel);
        assertThat(delivered).extracting(Element::getName).containsExactly("iq");
    }

    @Test
    void nothingIsWrittenAfterTheClosingTag_rfc6120_4_4() {
        authenticate();

        channel.pipeline().get(ComponentSessionHandler.class).closeGracefully(Duration.ofSeconds(1));
        ChannelFuture late = channel.writeAndFlush(Unpooled.copiedBuffer("<message/>", UTF_8));

        assertThat(written()).isEqualTo("</stream:stream>");
        assertThat(written()).isNull();
        assertThat(late.isSuccess()).isFalse();
    }

    @Test
    void aHandlerThatThrowsDoesNotEndTheLink() {
        List<String> handled = new ArrayList<>();
        EmbeddedChannel throwing = new EmbeddedChannel(new ComponentSessionHandler(settings, stanza -> {
            handled.add(stanza.attributeValue("id"));
            if ("bad".equals(stanza.attributeValue("id"))) {
                throw new IllegalStateException("handler bug");
            }
        }, ignored -> { }));
        throwing.writeInbound(new StreamHeader("x", null, null, null, null, "jabber:component:accept"));
        throwing.writeInbound(DocumentHelper.createElement(QName.get("handshake", ACCEPT)));
        throwing.releaseOutbound(); // our header and handshake

        throwing.writeInbound(DocumentHelper.createElement(QName.get("iq", ACCEPT)).addAttribute("id", "bad"));
        throwing.writeInbound(DocumentHelper.createElement(QName.get("iq", ACCEPT)).addAttribute("id", "next"));

        assertThat(handled).as("the handler threw on the first stanza, and the next one reached it")
                .containsExactly("bad", "next");
        assertThat(throwing.isActive()).isTrue();
        assertThat((Object) throwing.readOutbound()).as("no stream error, no closing tag").isNull();
        throwing.finishAndReleaseAll();
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "jabber:component:accept, foo",
        "jabber:component:accept, handshake",
        "http://jabber.org/protocol/pubsub, pubsub",
        "urn:example:other, message",
        "'', iq",
    })
    void aFirstLevelElementThatIsNotAStanzaGetsUnsupportedStanzaType_rfc6120_4_9_3_24(String namespace, String name) {
        authenticate();

        channel.writeInbound(DocumentHelper.createElement(QName.get(name, Namespace.get(namespace))));

        assertThat(written()).isEqualTo("<stream:error><unsupported-stanza-type"
                + " xmlns='urn:ietf:params:xml:ns:xmpp-streams'/><text xmlns='urn:ietf:params:xml:ns:xmpp-streams'>&lt;"
                + name + " xmlns=&apos;" + namespace + "&apos;&gt; is not a stanza of jabber:component:accept</text>"
                + "</stream:error></stream:stream>");
        assertThat(channel.isOpen()).isFalse();
        assertThat(delivered).isEmpty();
        assertThat(LinkFailure.recorded(channel).condition()).isEqualTo("unsupported-stanza-type");
    }

    @Test
    void stanzasInTheOtherContentNamespacesAreTaken() {
        authenticate();

        channel.writeInbound(DocumentHelper.createElement(QName.get("message", Namespace.get("jabber:client"))));
        channel.writeInbound(DocumentHelper.createElement(QName.get("presence", Namespace.get("jabber:server"))));
        channel.writeInbound(DocumentHelper.createElement(QName.get("iq", ACCEPT)));

        assertThat(delivered).extracting(Element::getName).containsExactly("message", "presence", "iq");
        assertThat(channel.isOpen()).isTrue();
    }
}
