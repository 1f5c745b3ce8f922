package org.pubsubserver.xmpp.stream;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import org.dom4j.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A stream error is due as soon as the bytes that break the rule have arrived (RFC 6120 §4.9.1.1: the entity that
 * detects it sends it), not when the peer happens to send more: the XMPP server may send nothing after a stanza.
 */
class FaultsAtOnceTest {
    private static final String HEADER = XmppStreamParserTest.HEADER;

    private final RecordingListener listener = new RecordingListener();
    private final XmppStreamParser parser = new XmppStreamParser(1 << 20, listener);

    private XmppStreamException failureOf(String input) {
        return Feeding.failureOf(parser, input);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "<message></mess>|message",
        "<a></b>|a",
        "<message><body>hi</body></messag>|message",
        "<p:m xmlns:p='urn:p'></p:x>|p:m",
        "<message><body></bod >|body",
    })
    void anEndTagThatDoesNotMatchIsNotWellFormedWithNothingAfterIt_rfc6120_4_9_3_13(String stanza, String open) {
        XmppStreamException failure = failureOf(HEADER + stanza);

        assertThat(failure).as("reported without more input").isNotNull();
        assertThat(failure.condition()).isEqualTo(StreamErrorCondition.NOT_WELL_FORMED);
        assertThat(failure.getMessage()).isEqualTo("unexpected end tag: expected </" + open + ">");
    }

    @Test
    void anEndTagIsJudgedByteByByte() throws Exception {
        assertThat(failureOf(HEADER + "<message></me")).isNull();

        XmppStreamException failure = failureOf("x");

        assertThat(failure.condition()).isEqualTo(StreamErrorCondition.NOT_WELL_FORMED);
    }

    @Test
    void matchingEndTagsSplitAnywhereAreFine() throws Exception {
        byte[] input = (HEADER + "<message><body>x</body ></message><p:m xmlns:p='urn:p'></p:m>").getBytes(UTF_8);
        Feeding.feed(parser, input, 1);

        assertThat(listener.stanzas).extracting(Element::getQualifiedName).containsExactly("message", "p:m");
    }

    @Test
    void aCommentOrProcessingInstructionIsRestrictedAtItsStart_rfc6120_11_1() {
        assertThat(failureOf(HEADER + "<message><!--").condition()).isEqualTo(StreamErrorCondition.RESTRICTED_XML);
        XmppStreamParser other = new XmppStreamParser(1 << 20, listener);
        assertThat(Feeding.failureOf(other, HEADER + "<message><?x").condition())
                .isEqualTo(StreamErrorCondition.RESTRICTED_XML);
    }

    @Test
    void aPrefixDeclaredEmptyIsNotWellFormed_xmlNames_3() {
        XmppStreamException failure = failureOf(HEADER + "<message xmlns:p=''/>");
        XmppStreamException byteByByte = Feeding.failureOf(new XmppStreamParser(1 << 20, listener),
                (HEADER + "<message xmlns:p=''/>").getBytes(UTF_8), 1);

        assertThat(failure.condition()).isEqualTo(StreamErrorCondition.NOT_WELL_FORMED);
        assertThat(byteByByte.condition()).isEqualTo(StreamErrorCondition.NOT_WELL_FORMED);
        assertThat(listener.stanzas).isEmpty();
    }

    @Test
    void cdataSectionsAndAttributeValuesMayHoldWhatLooksLikeMarkup() {
        assertThat(failureOf(HEADER + "<message a='x>y' b=\"/>'\"><body><![CDATA[</body><!-- ]] > ]]]></body>"
                + "</message>")).isNull();

        assertThat(listener.stanzas).singleElement().satisfies(message -> {
            assertThat(message.attributeValue("a")).isEqualTo("x>y");
            assertThat(message.attributeValue("b")).isEqualTo("/>'");
            assertThat(message.elementText("body")).isEqualTo("</body><!-- ]] > ]");
        });
    }
}
