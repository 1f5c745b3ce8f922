package org.pubsubserver.xmpp.stream.netty;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import org.dom4j.Element;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.pubsubserver.xmpp.stream.StanzaLimits;
import org.pubsubserver.xmpp.stream.StreamErrorCondition;
import org.pubsubserver.xmpp.stream.StreamHeader;

class XmppStreamDecoderTest {

    static final String HEADER = "<stream:stream xmlns:stream='http://etherx.jabber.org/streams'"
            + " xmlns='jabber:component:accept' id='abc' from='pubsub.localhost'>";

    private final EmbeddedChannel channel = new EmbeddedChannel(new XmppStreamDecoder(64 * 1024));

    @AfterEach
    void finish() {
        channel.finishAndReleaseAll();
    }

    private List<Object> inbound() {
        List<Object> messages = new ArrayList<>();
        Object message;
        while ((message = channel.readInbound()) != null) {
            messages.add(message);
        }
        return messages;
    }

    private static ByteBuf direct(String text) {
        byte[] bytes = text.getBytes(UTF_8);
        return Unpooled.directBuffer(bytes.length).writeBytes(bytes);
    }

    @Test
    void emitsHeaderStanzasAndEndInStreamOrder_rfc6120_4_2() {
        channel.writeInbound(Unpooled.copiedBuffer(HEADER + "<handshake/>", UTF_8));
        channel.writeInbound(direct(" <message to='a@b'><body>hé</body></message></stream:stream>"));

        List<Object> messages = inbound();

        assertThat(messages).hasSize(4);
        assertThat(messages.get(0)).isEqualTo(new StreamHeader("abc", "pubsub.localhost", null, null, null,
                "jabber:component:accept"));
        assertThat(((Element) messages.get(1)).getName()).isEqualTo("handshake");
        assertThat(((Element) messages.get(2)).elementText("body")).isEqualTo("hé");
        assertThat(messages.get(3)).isEqualTo(StreamEnd.INSTANCE);
    }

    @Test
    void bufferWithAnArrayOffsetAndSlicesAcrossACharacterDecodeTheSame() {
        byte[] all = (HEADER + "<message><body>€😀</body></message>").getBytes(UTF_8);
        ByteBuf padded = Unpooled.wrappedBuffer(new byte[7], all).copy(0, 7 + all.length);
        padded.skipBytes(7);
        int split = all.length - "😀</body></message>".getBytes(UTF_8).length + 2; // inside the 4-byte character

        channel.writeInbound(padded.retainedSlice(padded.readerIndex(), split));
        channel.writeInbound(padded.retainedSlice(padded.readerIndex() + split, all.length - split));
        padded.release();

        List<Object> messages = inbound();
        assertThat(messages).hasSize(2);
        assertThat(((Element) messages.get(1)).elementText("body")).isEqualTo("€😀");
    }

    @Test
    void inputLongerThanOneCopyChunkIsParsedWhole() {
        String body = "x".repeat(XmppStreamDecoder.CHUNK_BYTES * 2 + 17);

        channel.writeInbound(direct(HEADER + "<message><body>" + body + "</body></message>"));

        List<Object> messages = inbound();
        assertThat(((Element) messages.get(1)).elementText("body")).isEqualTo(body);
    }

    @Test
    void brokenStreamBecomesOneFaultAndLaterInputIsDiscarded_rfc6120_4_9_1_2() {
        channel.writeInbound(Unpooled.copiedBuffer(HEADER + "<presence/><message><</message>", UTF_8));
        channel.writeInbound(Unpooled.copiedBuffer("<presence/><presence/></stream:stream>", UTF_8));

        List<Object> messages = inbound();

        assertThat(messages).hasSize(3);
        assertThat(messages.get(1)).isInstanceOf(Element.class);
        StreamFault fault = (StreamFault) messages.get(2);
        assertThat(fault.condition()).isEqualTo(StreamErrorCondition.NOT_WELL_FORMED);
        assertThat(fault.text()).isNotBlank();
    }

    @Test
    void oversizedStanzaBecomesAPolicyViolationFault_rfc6120_4_9_3_14() {
        EmbeddedChannel small = new EmbeddedChannel(new XmppStreamDecoder(1024));
        small.writeInbound(Unpooled.copiedBuffer(HEADER + "<message><body>" + "y".repeat(1100), UTF_8));

        Object first = small.readInbound();
        assertThat(first).isInstanceOf(StreamHeader.class);
        assertThat(((StreamFault) small.readInbound()).condition()).isEqualTo(StreamErrorCondition.POLICY_VIOLATION);
        small.finishAndReleaseAll();
    }

    @Test
    void aStanzaThatEndsWrongWithNothingAfterItIsAFaultAtOnce_rfc6120_4_9_3_13() {
        channel.writeInbound(Unpooled.copiedBuffer(HEADER + "<message></mess>", UTF_8));

        List<Object> messages = inbound();

        assertThat(messages).hasSize(2);
        assertThat(((StreamFault) messages.get(1)).condition()).isEqualTo(StreamErrorCondition.NOT_WELL_FORMED);
    }

    @Test
    void overlongUtf8IsAnUnsupportedEncodingFault_rfc6120_4_9_3_22() {
        channel.writeInbound(Unpooled.copiedBuffer(HEADER + "<iq type='set' id='c'><create node='a", UTF_8));
        channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {(byte) 0xC0, (byte) 0xAF}));
        channel.writeInbound(Unpooled.copiedBuffer("b'/></iq>", UTF_8));

        List<Object> messages = inbound();

        assertThat(messages).hasSize(2);
        assertThat(((StreamFault) messages.get(1)).condition()).isEqualTo(StreamErrorCondition.UNSUPPORTED_ENCODING);
    }

    @Test
    void aFaultForALimitNamesTheLimit() {
        channel.writeInbound(Unpooled.copiedBuffer(HEADER + "<a>".repeat(StanzaLimits.MAX_DEPTH + 1), UTF_8));

        StreamFault fault = (StreamFault) inbound().get(1);

        assertThat(fault.condition()).isEqualTo(StreamErrorCondition.POLICY_VIOLATION);
        assertThat(fault.exceededLimit()).isEqualTo(StanzaLimits.Limit.DEPTH);
    }
}
