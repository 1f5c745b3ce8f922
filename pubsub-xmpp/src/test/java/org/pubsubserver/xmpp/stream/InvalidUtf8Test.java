package org.pubsubserver.xmpp.stream;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bytes that are not UTF-8 end the stream with {@code <unsupported-encoding/>}: RFC 6120 §4.9.3.22 names it for
 * a stream "improperly encoded ... (e.g., by violating the rules of the [UTF-8] encoding)", and §11.6 allows UTF-8
 * only. Well-formed UTF-8 is RFC 3629 §4: no overlong forms, no surrogates, nothing past U+10FFFF.
 */
class InvalidUtf8Test {
    private static final String HEADER = XmppStreamParserTest.HEADER;

    private final RecordingListener listener = new RecordingListener();

    private static byte[] stanza(String hexInside) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes((HEADER + "<iq type='set' id='c1' to='pubsub.localhost'><pubsub"
                + " xmlns='http://jabber.org/protocol/pubsub'><create node='a").getBytes(UTF_8));
        out.writeBytes(HexFormat.of().parseHex(hexInside));
        out.writeBytes("b'/></pubsub></iq>".getBytes(UTF_8));
        return out.toByteArray();
    }

    private XmppStreamException failureOf(byte[] input, int piece) {
        return Feeding.failureOf(new XmppStreamParser(1 << 20, listener), input, piece);
    }

    @Test
    void anOverlongSlashInANodeNameEndsTheStreamInsteadOfCreatingNodeAB_rfc6120_4_9_3_22() {
        XmppStreamException failure = failureOf(stanza("c0af"), Integer.MAX_VALUE);

        assertThat(failure).isNotNull();
        assertThat(failure.condition()).isEqualTo(StreamErrorCondition.UNSUPPORTED_ENCODING);
        assertThat(failure.getMessage()).isEqualTo("invalid UTF-8: byte 0xC0 cannot appear there (RFC 3629 §4)");
        assertThat(listener.stanzas).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "c0af", "c1bf", // overlong two-byte forms (C0, C1 never lead)
        "e080af", "e09fbf", // overlong three-byte forms
        "f08080af", "f08fbfbf", // overlong four-byte forms
        "eda080", "edbfbf", // UTF-16 surrogates D800, DFFF
        "f4908080", "f5808080", "ff", "fe", // past U+10FFFF, bytes that never occur
        "80", "bf", // a continuation byte without a lead
        "c328", "e282", "e28228", "f09f98", // a lead byte without all its continuation bytes
    })
    void malformedUtf8IsUnsupportedEncodingWholeOrByteByByte_rfc3629_4(String hex) {
        assertThat(failureOf(stanza(hex), Integer.MAX_VALUE).condition())
                .isEqualTo(StreamErrorCondition.UNSUPPORTED_ENCODING);
        assertThat(failureOf(stanza(hex), 1).condition()).isEqualTo(StreamErrorCondition.UNSUPPORTED_ENCODING);
        assertThat(listener.stanzas).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "7f", "c280", "dfbf", "e0a080", "ed9fbf", "ee8080", "efbfbd", "f0908080", "f48fbfbf",
        "c3a9e282acf09f9880", // é € 😀
    })
    void wellFormedUtf8AtTheEdgesOfEachRangeIsAccepted_rfc3629_4(String hex) throws Exception {
        assertThat(failureOf(stanza(hex), Integer.MAX_VALUE)).isNull();
        assertThat(failureOf(stanza(hex), 1)).as("split at every byte").isNull();

        String node = listener.stanzas.get(0).element("pubsub").element("create").attributeValue("node");
        assertThat(node).isEqualTo("a" + new String(HexFormat.of().parseHex(hex), UTF_8) + "b");
    }

    @Test
    void whatCameBeforeTheBadByteIsStillReported() {
        byte[] input = (HEADER + "<presence/><message>").getBytes(UTF_8);
        byte[] withBadByte = new byte[input.length + 1];
        System.arraycopy(input, 0, withBadByte, 0, input.length);
        withBadByte[input.length] = (byte) 0xC0;

        assertThat(failureOf(withBadByte, Integer.MAX_VALUE).condition())
                .isEqualTo(StreamErrorCondition.UNSUPPORTED_ENCODING);
        assertThat(listener.stanzas).hasSize(1);
    }
}
