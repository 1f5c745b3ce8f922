package org.pubsubserver.xmpp.stanza;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.dom4j.DocumentHelper;
import org.dom4j.Element;
import org.junit.jupiter.api.Test;

/** What the writer writes is what dom4j reads back: names, attributes, text, nesting and inserted XML. */
class XmlWriterTest {
    private static final String MARKUP = "<a href=\"x\">&amp; it's</a> & 'more' \"quotes\" > <";
    private static final String NON_ASCII = "caf\u00e9 \u4e2d\u6587 \ud83d\ude00 \u00a0";

    private static Element parse(String xml) throws Exception {
        return DocumentHelper.parseText(xml).getRootElement();
    }

    @Test
    void attributesAndTextWithMarkupCharactersReadBackUnchanged_xml_2_4_and_3_3_3() throws Exception {
        String xml = new XmlWriter().start("root").attribute("a", MARKUP).attribute("b", NON_ASCII)
                .text(MARKUP).text(NON_ASCII).end().toXml();
        Element root = parse(xml);
        assertThat(root.attributeValue("a")).isEqualTo(MARKUP);
        assertThat(root.attributeValue("b")).isEqualTo(NON_ASCII);
        assertThat(root.getText()).isEqualTo(MARKUP + NON_ASCII);
        assertThat(root.elements()).isEmpty();
    }

    @Test
    void nestedElementsAndNamespacesReadBackAsWritten() throws Exception {
        String xml = new XmlWriter().start("message").attribute("to", "a@b/c").start("event").namespace("urn:e")
                .start("items").attribute("node", "n&'").start("item").attribute("id", "1").end()
                .start("item").attribute("id", "2").text("two").end().end().end()
                .textElement("body", "b<ody>").end().toXml();
        Element message = parse(xml);
        Element event = message.element("event");
        assertThat(event.getNamespaceURI()).isEqualTo("urn:e");
        Element items = event.element("items");
        assertThat(items.getNamespaceURI()).as("the default namespace is inherited").isEqualTo("urn:e");
        assertThat(items.attributeValue("node")).isEqualTo("n&'");
        assertThat(items.elements("item")).extracting(i -> i.attributeValue("id") + ":" + i.getText())
                .containsExactly("1:", "2:two");
        assertThat(message.element("body").getText()).isEqualTo("b<ody>");
        assertThat(message.element("body").getNamespaceURI()).isEmpty();
    }

    @Test
    void rawXmlIsInsertedAsContentWithItsOwnNamespaces() throws Exception {
        String payload = "<entry xmlns=\"http://www.w3.org/2005/Atom\"><title>T &amp; \u00e9</title></entry>";
        String xml = new XmlWriter().start("item").attribute("id", "i").raw(payload).raw("<x xmlns='urn:x'/>")
                .end().toXml();
        Element item = parse(xml);
        assertThat(item.elements()).hasSize(2);
        Element entry = item.elements().get(0);
        assertThat(entry.getNamespaceURI()).isEqualTo("http://www.w3.org/2005/Atom");
        assertThat(entry.elementText("title")).isEqualTo("T & \u00e9");
        assertThat(item.elements().get(1).getNamespaceURI()).isEqualTo("urn:x");
        assertThat(xml).as("the insert is not re-escaped").contains(payload);
    }

    @Test
    void writesSingleQuotedAttributesAndClosesEmptyElementsShort() {
        String xml = new XmlWriter().start("a").namespace("urn:a").attribute("b", "c'd").start("e").end()
                .start("f").text("").end().end().toXml();
        assertThat(xml).isEqualTo("<a xmlns='urn:a' b='c&apos;d'><e/><f></f></a>");
    }

    @Test
    void charactersXmlCannotCarryBecomeReplacementCharacters_xml_2_2() throws Exception {
        String xml = new XmlWriter().start("a").attribute("b", "x\u0001y").text("lone \ud800 surrogate\u0000")
                .end().toXml();
        Element a = parse(xml);
        assertThat(a.attributeValue("b")).isEqualTo("x\ufffdy");
        assertThat(a.getText()).isEqualTo("lone \ufffd surrogate\ufffd");
    }

    @Test
    void rewindingToAMarkWritesAnotherStanzaFromTheSameStart() throws Exception {
        XmlWriter writer = new XmlWriter(16).start("message").attribute("from", "s");
        XmlWriter.Mark head = writer.mark();
        String first = writer.attribute("to", "a").start("deep").start("deeper").text("x").end().end().end().toXml();
        String second = writer.rewind(head).attribute("to", "b").end().toXml();
        assertThat(first).isEqualTo("<message from='s' to='a'><deep><deeper>x</deeper></deep></message>");
        assertThat(second).isEqualTo("<message from='s' to='b'/>");
        assertThat(parse(second).attributeValue("to")).isEqualTo("b");
    }

    @Test
    void misuseIsAnErrorNotBrokenXml() {
        assertThatThrownBy(() -> new XmlWriter().start("a").text("t").attribute("b", "c"))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new XmlWriter().start("a").toXml()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new XmlWriter().end()).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void deepNestingGrowsTheStackOfOpenElements() throws Exception {
        XmlWriter writer = new XmlWriter();
        for (int i = 0; i < 20; i++) {
            writer.start("e" + i);
        }
        for (int i = 0; i < 20; i++) {
            writer.end();
        }
        Element element = parse(writer.toXml());
        int depth = 1;
        while (!element.elements().isEmpty()) {
            element = element.elements().get(0);
            depth++;
        }
        assertThat(element.getName()).isEqualTo("e19");
        assertThat(depth).isEqualTo(20);
    }
}
