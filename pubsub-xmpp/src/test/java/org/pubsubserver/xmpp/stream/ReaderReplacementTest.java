package org.pubsubserver.xmpp.stream;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.dom4j.Element;
import org.junit.jupiter.api.Test;

/**
 * Aalto's symbol table and namespace bindings keep every name a reader has seen, and each new one costs more than
 * the last: a stream of stanzas with ever new names slowed the link down for good. The parser replaces its reader
 * after the stanzas it read brought {@value XmppStreamParser#NAMES_PER_READER} names; nothing of that shows.
 */
class ReaderReplacementTest {
    /** A header that binds the stream namespace to another prefix and declares one more for the stanzas. */
    private static final String HEADER = "<s:stream xmlns:s='http://etherx.jabber.org/streams'"
            + " xmlns='jabber:component:accept' xmlns:geo='urn:example:geo' id='r1' from='pubsub.localhost'>";

    private final RecordingListener listener = new RecordingListener();

    /** Stanza {@code n}: 300 names never seen before, an attribute, text, and the header's prefix. */
    private static String stanza(int n) {
        StringBuilder xml = new StringBuilder("<message id='m").append(n).append("'>");
        for (int i = 0; i < 300; i++) {
            xml.append("<n").append(n).append('_').append(i).append(" a").append(n).append('_').append(i)
                    .append("='").append(i).append("'/>");
        }
        return xml.append("<geo:point>").append(n).append(" é</geo:point></message> ").toString();
    }

    private static List<String> expected(int count) throws Exception {
        RecordingListener whole = new RecordingListener();
        StringBuilder stream = new StringBuilder(HEADER);
        for (int n = 0; n < count; n++) {
            stream.append(stanza(n));
        }
        byte[] input = stream.append("</s:stream>").toString().getBytes(UTF_8);
        new XmppStreamParser(1 << 20, whole).feed(input, 0, input.length);
        return whole.events;
    }

    @Test
    void stanzasAfterAReplacementComeOutAsBefore() throws Exception {
        StringBuilder stream = new StringBuilder(HEADER);
        for (int n = 0; n < 40; n++) {
            stream.append(stanza(n));
        }
        byte[] input = stream.append("</s:stream>").toString().getBytes(UTF_8);
        List<Integer> readers = new ArrayList<>();

        for (int piece : new int[] {input.length, 997, 64, 7}) {
            RecordingListener recorder = new RecordingListener();
            XmppStreamParser parser = new XmppStreamParser(1 << 20, recorder);
            Feeding.feed(parser, input, piece);
            readers.add(parser.readersUsed());
            assertThat(recorder.events).as("in pieces of %d bytes", piece).isEqualTo(expected(40));
        }

        assertThat(readers).allSatisfy(used -> assertThat(used).isGreaterThanOrEqualTo(5));
        Element last = parsedStanzas(input).get(39);
        assertThat(last.getNamespaceURI()).isEqualTo("jabber:component:accept");
        assertThat(last.element("point").getNamespaceURI()).isEqualTo("urn:example:geo");
        assertThat(last.elementText("point")).isEqualTo("39 é");
        assertThat(last.elements().get(299).attributeValue("a39_299")).isEqualTo("299");
    }

    @Test
    void theSizeBoundIsExactAfterReplacements_rfc6120_4_9_3_14() throws Exception {
        int limit = 16 * 1024;
        String empty = "<message><body></body></message>";
        String atTheLimit = empty.replace("<body>", "<body>" + "x".repeat(limit - empty.length()));
        XmppStreamParser parser = new XmppStreamParser(StanzaLimits.withMaxBytes(limit), listener);
        StringBuilder before = new StringBuilder(HEADER);
        for (int n = 0; n < 20; n++) {
            before.append(stanza(n));
        }
        Feeding.feed(parser, before.toString().getBytes(UTF_8), 1000);
        assertThat(parser.readersUsed()).isGreaterThanOrEqualTo(5);

        Feeding.feed(parser, (atTheLimit + " ").getBytes(UTF_8), 333);
        assertThat(listener.stanzas).hasSize(21);
        byte[] oneMore = atTheLimit.replace("<body>", "<body>x").getBytes(UTF_8);
        XmppStreamException failure = Feeding.failureOf(parser, oneMore, 333);

        assertThat(failure.exceededLimit()).isEqualTo(StanzaLimits.Limit.SIZE);
    }

    @Test
    void theStreamCanEndJustAfterAReplacement_rfc6120_4_4() throws Exception {
        StringBuilder stream = new StringBuilder(HEADER);
        for (int n = 0; n < 8; n++) { // 602 names each: a new reader after the 4th stanza and after the 8th
            stream.append(stanza(n));
        }
        XmppStreamParser parser = new XmppStreamParser(1 << 20, listener);
        byte[] input = stream.toString().getBytes(UTF_8);
        parser.feed(input, 0, input.length);
        byte[] end = "</s:stream>".getBytes(UTF_8);

        parser.feed(end, 0, end.length);

        assertThat(parser.readersUsed()).isEqualTo(3);
        assertThat(listener.stanzas).hasSize(8);
        assertThat(parser.isClosed()).isTrue();
    }

    private static List<Element> parsedStanzas(byte[] input) throws XmppStreamException {
        RecordingListener recorder = new RecordingListener();
        new XmppStreamParser(1 << 20, recorder).feed(input, 0, input.length);
        return recorder.stanzas;
    }
}
