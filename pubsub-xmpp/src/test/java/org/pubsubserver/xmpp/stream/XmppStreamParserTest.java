package org.pubsubserver.xmpp.stream;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Arrays;
import org.dom4j.DocumentHelper;
import org.dom4j.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class XmppStreamParserTest {

    static final String HEADER = "<?xml version='1.0'?><stream:stream xmlns:stream='http://etherx.jabber.org/streams'"
            + " xml:lang='en' id='3BF96D32' from='pubsub.localhost' version='1.0' xmlns='jabber:component:accept'>";
    static final String MESSAGE = "<message from='juliet@example.com/balcony' to='pubsub.localhost' id='m1'>"
            + "<body>Wherefore art thou, Roméo? € 😀 &amp; &lt;3 &#65;</body></message>";
    static final String IQ = "<iq type='set' id='p1' from='romeo@example.net' to='pubsub.localhost'>"
            + "<pubsub xmlns='http://jabber.org/protocol/pubsub'><publish node='princely_musings'>"
            + "<item id='ae890ac52d0df67ed7cfdf51b644e901'><entry xmlns='http://www.w3.org/2005/Atom'>"
            + "<title xml:lang='en'>Soliloquy</title><geo:point xmlns:geo='urn:example:geo'>1 2</geo:point>"
            + "</entry></item></publish></pubsub></iq>";
    static final String STREAM = HEADER + MESSAGE + "\n " + IQ + "<presence/>" + "</stream:stream>";

    private final RecordingListener listener = new RecordingListener();

    private XmppStreamParser parser(int maxStanzaBytes) {
        return new XmppStreamParser(maxStanzaBytes, listener);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(UTF_8);
    }

    private static RecordingListener parseWhole(String stream) throws XmppStreamException {
        RecordingListener recorder = new RecordingListener();
        byte[] input = bytes(stream);
        new XmppStreamParser(1 << 20, recorder).feed(input, 0, input.length);
        return recorder;
    }

    private XmppStreamException failureOf(int maxStanzaBytes, String input) {
        return Feeding.failureOf(parser(maxStanzaBytes), input);
    }

    @Test
    void headerAndEachTopLevelElementAreReported_rfc6120_4_7_and_4_8() throws Exception {
        RecordingListener result = parseWhole(STREAM);

        assertThat(result.headers).containsExactly(new StreamHeader("3BF96D32", "pubsub.localhost", null, "1.0", "en",
                "jabber:component:accept"));
        assertThat(result.stanzas).extracting(Element::getName).containsExactly("message", "iq", "presence");
        assertThat(result.stanzas).allSatisfy(stanza -> {
            assertThat(stanza.getNamespaceURI()).isEqualTo("jabber:component:accept");
            assertThat(stanza.getParent()).isNull();
            assertThat(stanza.getDocument()).isNull();
        });
        Element message = result.stanzas.get(0);
        assertThat(message.attributeValue("from")).isEqualTo("juliet@example.com/balcony");
        assertThat(message.elementText("body")).isEqualTo("Wherefore art thou, Roméo? € 😀 & <3 A");
        assertThat(result.closed).isEqualTo(1);
        assertThat(result.events).last().isEqualTo("close");
    }

    @Test
    void payloadNamespacesSurviveAndEachStanzaIsWellFormedOnItsOwn_rfc6120_4_8_3() throws Exception {
        Element iq = parseWhole(STREAM).stanzas.get(1);

        Element pubsub = iq.element("pubsub");
        assertThat(pubsub.getNamespaceURI()).isEqualTo("http://jabber.org/protocol/pubsub");
        Element entry = pubsub.element("publish").element("item").element("entry");
        assertThat(entry.getNamespaceURI()).isEqualTo("http://www.w3.org/2005/Atom");
        assertThat(entry.element("title").attributeValue(
                org.dom4j.QName.get("lang", org.dom4j.Namespace.XML_NAMESPACE))).isEqualTo("en");
        Element point = entry.elements().get(1);
        assertThat(point.getQualifiedName()).isEqualTo("geo:point");
        assertThat(point.getNamespaceURI()).isEqualTo("urn:example:geo");

        Element reparsed = DocumentHelper.parseText(iq.asXML()).getRootElement();
        assertThat(reparsed.getNamespaceURI()).isEqualTo("jabber:component:accept");
        assertThat(reparsed.asXML()).isEqualTo(iq.asXML());
    }

    @Test
    void sameResultWhenFedOneByteAtATime_rfc6120_4_2() throws Exception {
        RecordingListener whole = parseWhole(STREAM);
        byte[] input = bytes(STREAM);
        XmppStreamParser parser = parser(1 << 20);

        for (int i = 0; i < input.length; i++) {
            parser.feed(input, i, 1);
        }

        assertThat(listener.events).isEqualTo(whole.events);
    }

    @Test
    void sameResultWhenSplitAtEveryOffsetIncludingInsideMultiByteCharacters() throws Exception {
        RecordingListener whole = parseWhole(STREAM);
        byte[] input = bytes(STREAM);

        for (int split = 0; split <= input.length; split++) {
            RecordingListener recorder = new RecordingListener();
            XmppStreamParser parser = new XmppStreamParser(1 << 20, recorder);
            byte[] first = Arrays.copyOfRange(input, 0, split);
            byte[] second = Arrays.copyOfRange(input, split, input.length);
            parser.feed(first, 0, first.length);
            parser.feed(second, 0, second.length);
            assertThat(recorder.events).as("split at %d", split).isEqualTo(whole.events);
        }
    }

    @Test
    void streamErrorIsReadWithItsConditionAndText_rfc6120_4_9() throws Exception {
        String error = "<stream:error><not-authorized xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>"
                + "<text xmlns='urn:ietf:params:xml:ns:xmpp-streams'>Given token does not match calculated token"
                + "</text></stream:error>";

        Element element = parseWhole(HEADER + error).stanzas.get(0);

        assertThat(element.getQualifiedName()).isEqualTo("stream:error");
        assertThat(StreamErrors.isStreamError(element)).isTrue();
        StreamError read = StreamErrors.read(element);
        assertThat(read.conditionName()).isEqualTo("not-authorized");
        assertThat(read.condition()).isEqualTo(StreamErrorCondition.NOT_AUTHORIZED);
        assertThat(read.text()).isEqualTo("Given token does not match calculated token");
        assertThat(DocumentHelper.parseText(element.asXML()).getRootElement().getNamespaceURI())
                .isEqualTo(XmppNamespaces.STREAMS);
    }

    @Test
    void whitespaceKeepalivesBetweenStanzasAreIgnored_rfc6120_4_6_1() throws Exception {
        RecordingListener result = parseWhole(HEADER + " " + "<presence/>\n\n \t" + " " + "<presence/>" + "  ");

        assertThat(result.stanzas).hasSize(2);
        assertThat(result.closed).isZero();
    }

    @Test
    void streamClosedIsReportedOnTheClosingTag_rfc6120_4_4() throws Exception {
        XmppStreamParser parser = parser(1 << 20);
        byte[] open = bytes(HEADER + "<presence/>");
        byte[] close = bytes("</stream:stream>");

        parser.feed(open, 0, open.length);
        assertThat(listener.closed).isZero();
        parser.feed(close, 0, close.length);

        assertThat(listener.closed).isEqualTo(1);
        assertThat(parser.isClosed()).isTrue();
    }

    @Test
    void stanzaOfExactlyTheLimitIsAcceptedAndOneByteMoreIsAPolicyViolation_rfc6120_4_9_3_14() throws Exception {
        int size = bytes(MESSAGE).length;

        byte[] input = bytes(HEADER + " " + MESSAGE + " " + MESSAGE);
        parser(size).feed(input, 0, input.length);
        assertThat(listener.stanzas).hasSize(2);

        assertThat(failureOf(size - 1, HEADER + MESSAGE).condition())
                .isEqualTo(StreamErrorCondition.POLICY_VIOLATION);
    }

    @Test
    void oversizedStanzaIsDetectedWhileItStreamsInBeforeItsEndTag_rfc6120_4_9_3_14() throws Exception {
        XmppStreamParser parser = parser(1024);
        byte[] start = bytes(HEADER + "<message to='pubsub.localhost'><body>");
        parser.feed(start, 0, start.length);
        byte[] chunk = new byte[100];
        Arrays.fill(chunk, (byte) 'a');

        int fed = 0;
        XmppStreamException failure = null;
        while (failure == null && fed < 100_000) {
            try {
                parser.feed(chunk, 0, chunk.length);
                fed += chunk.length;
            } catch (XmppStreamException e) {
                failure = e;
            }
        }

        assertThat(failure).isNotNull();
        assertThat(failure.condition()).isEqualTo(StreamErrorCondition.POLICY_VIOLATION);
        assertThat(fed).isLessThan(1024);
        assertThat(listener.stanzas).isEmpty();
    }

    @Test
    void oversizedStartTagIsDetectedBeforeTheTagEnds() throws Exception {
        XmppStreamParser parser = parser(1024);
        byte[] start = bytes(HEADER + "<message to='");
        parser.feed(start, 0, start.length);
        byte[] chunk = bytes("x".repeat(2000));

        assertThatThrownBy(() -> parser.feed(chunk, 0, chunk.length))
                .isInstanceOf(XmppStreamException.class)
                .extracting(e -> ((XmppStreamException) e).condition())
                .isEqualTo(StreamErrorCondition.POLICY_VIOLATION);
    }

    @Test
    void sizeBoundHoldsWhenInputComesFromTheMiddleOfAnArray() throws Exception {
        int size = bytes(MESSAGE).length;
        byte[] input = bytes("#####" + HEADER + MESSAGE + MESSAGE);
        XmppStreamParser parser = parser(size);

        for (int i = 5; i < input.length; i += 7) {
            parser.feed(input, i, Math.min(7, input.length - i));
        }

        assertThat(listener.stanzas).hasSize(2);
    }

    @Test
    void nestingDeeperThanTheBoundIsAPolicyViolation() {
        int levels = StanzaLimits.MAX_DEPTH + 1;
        String deep = "<a>".repeat(levels) + "</a>".repeat(levels);

        assertThat(failureOf(1 << 20, HEADER + deep).condition()).isEqualTo(StreamErrorCondition.POLICY_VIOLATION);
        assertThat(failureOf(1 << 20, HEADER + "<a>".repeat(levels - 1))).as("nothing fails at the bound").isNull();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "<!DOCTYPE stream:stream>" + "<stream:stream xmlns:stream='http://etherx.jabber.org/streams'>",
        "<?xml version='1.0'?><!DOCTYPE stream [<!ENTITY lol 'lol'>]>"
                + "<stream:stream xmlns:stream='http://etherx.jabber.org/streams'>&lol;",
        "<!-- hello --><stream:stream xmlns:stream='http://etherx.jabber.org/streams'>",
        "<?xml-stylesheet href='x.xsl'?><stream:stream xmlns:stream='http://etherx.jabber.org/streams'>",
        "STREAM_HEADER<message><body>&foo;</body></message>",
        "STREAM_HEADER<message><body a='&foo;'/></message>",
        "STREAM_HEADER<message><!-- a comment --></message>",
        "STREAM_HEADER<!-- a comment between stanzas -->",
        "STREAM_HEADER<message><?php echo 1; ?></message>",
    })
    void restrictedXmlIsRejected_rfc6120_11_1(String input) {
        assertThat(failureOf(1 << 20, input.replace("STREAM_HEADER", HEADER)).condition())
                .isEqualTo(StreamErrorCondition.RESTRICTED_XML);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "hello",
        "STREAM_HEADER<message><body></message>",
        "STREAM_HEADER<foo:bar/>",
        "STREAM_HEADER<message a='1' a='2'/>",
        "STREAM_HEADER<message>\u0001</message>",
        "STREAM_HEADER<message>&#xZZ;</message>",
        "STREAM_HEADER<message>&foo</message>",
    })
    void malformedXmlIsNotWellFormed_rfc6120_4_9_3_13(String input) {
        assertThat(failureOf(1 << 20, input.replace("STREAM_HEADER", HEADER)).condition())
                .isEqualTo(StreamErrorCondition.NOT_WELL_FORMED);
    }

    @Test
    void rootOutsideTheStreamNamespaceIsInvalidNamespace_rfc6120_4_9_3_10() {
        assertThat(failureOf(1 << 20, "<html xmlns='http://www.w3.org/1999/xhtml'>").condition())
                .isEqualTo(StreamErrorCondition.INVALID_NAMESPACE);
        assertThat(failureOf(1 << 20, "<stream:stream xmlns:stream='urn:wrong'>").condition())
                .isEqualTo(StreamErrorCondition.INVALID_NAMESPACE);
    }

    @Test
    void wrongRootNameInTheStreamNamespaceIsBadFormat_rfc6120_4_9_3_1() {
        assertThat(failureOf(1 << 20, "<stream:features xmlns:stream='http://etherx.jabber.org/streams'>")
                .condition()).isEqualTo(StreamErrorCondition.BAD_FORMAT);
    }

    @Test
    void characterDataBetweenStanzasIsBadFormat_rfc6120_4_9_3_1() {
        assertThat(failureOf(1 << 20, HEADER + "hello<presence/>").condition())
                .isEqualTo(StreamErrorCondition.BAD_FORMAT);
    }

    @Test
    void encodingOtherThanUtf8IsUnsupportedEncoding_rfc6120_11_6() {
        assertThat(failureOf(1 << 20, "<?xml version='1.0' encoding='ISO-8859-1'?>" + "<stream:stream/>")
                .condition()).isEqualTo(StreamErrorCondition.UNSUPPORTED_ENCODING);
        assertThat(failureOf(1 << 20, "<?xml version='1.0' encoding='UTF-16'?>" + "<stream:stream/>")
                .condition()).isEqualTo(StreamErrorCondition.UNSUPPORTED_ENCODING);
    }

    @Test
    void parserStaysDeadAfterAFailure() {
        XmppStreamParser parser = parser(1 << 20);
        byte[] bad = bytes(HEADER + "<message><!-- x --></message>");
        byte[] good = bytes("<presence/>");

        assertThatThrownBy(() -> parser.feed(bad, 0, bad.length)).isInstanceOf(XmppStreamException.class);
        XmppStreamException again = catchThrowableOfType(XmppStreamException.class,
                () -> parser.feed(good, 0, good.length));

        assertThat(again.condition()).isEqualTo(StreamErrorCondition.RESTRICTED_XML);
        assertThat(listener.stanzas).isEmpty();
    }

    @Test
    void serializedStreamErrorEscapesTextAndReadsBack_rfc6120_4_9_2() throws Exception {
        String xml = StreamErrors.toXml(StreamErrorCondition.NOT_WELL_FORMED, "bad <tag> & 'quote'\u0001");

        assertThat(xml).isEqualTo("<stream:error><not-well-formed xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>"
                + "<text xmlns='urn:ietf:params:xml:ns:xmpp-streams'>bad &lt;tag&gt; &amp; &apos;quote&apos;\uFFFD"
                + "</text></stream:error>");
        StreamError read = StreamErrors.read(parseWhole(HEADER + xml).stanzas.get(0));
        assertThat(read).isEqualTo(new StreamError("not-well-formed", "bad <tag> & 'quote'\uFFFD"));
        assertThat(StreamErrors.toXml(StreamErrorCondition.CONFLICT, null))
                .isEqualTo("<stream:error><conflict xmlns='urn:ietf:params:xml:ns:xmpp-streams'/></stream:error>");
    }

    @Test
    void everyConditionHasItsRfcElementName() {
        assertThat(StreamErrorCondition.NOT_WELL_FORMED.elementName()).isEqualTo("not-well-formed");
        assertThat(StreamErrorCondition.fromElementName("see-other-host"))
                .contains(StreamErrorCondition.SEE_OTHER_HOST);
        assertThat(StreamErrorCondition.fromElementName("no-such-thing")).isEmpty();
        assertThat(StreamErrorCondition.values()).hasSize(25);
    }
}
