package org.pubsubserver.xmpp.stream;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.UUID;
import javax.xml.stream.XMLStreamReader;
import org.dom4j.DocumentFactory;
import org.dom4j.Element;
import org.dom4j.QName;
import org.junit.jupiter.api.Test;

class StanzaBuilderTest {

    /** A reader positioned on one start tag {@code <big xmlns='urn:big'>} with {@code count} attributes. */
    private static XMLStreamReader startTag(int count) {
        return (XMLStreamReader) Proxy.newProxyInstance(XMLStreamReader.class.getClassLoader(),
                new Class<?>[] {XMLStreamReader.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getLocalName" -> "big";
                    case "getPrefix", "getAttributePrefix", "getAttributeNamespace" -> "";
                    case "getNamespaceURI" -> "urn:big";
                    case "getNamespaceCount" -> 1;
                    case "getNamespacePrefix" -> "";
                    case "getAttributeCount" -> count;
                    case "getAttributeLocalName" -> "a" + args[0];
                    case "getAttributeValue" -> "v" + args[0];
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void anElementIsBuiltInTimeLinearInItsAttributes() throws Exception {
        // 60,000 attributes took dom4j's addAttribute, which looks for an existing one each time, 11 s; appended as
        // they come they take milliseconds (the bound is generous for a busy machine)
        StanzaBuilder builder = new StanzaBuilder(Integer.MAX_VALUE);
        XMLStreamReader reader = startTag(60_000);

        long start = System.nanoTime();
        builder.start(reader);
        Element big = builder.end();
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(big.attributeCount()).isEqualTo(60_000);
        assertThat(big.attributeValue("a59999")).isEqualTo("v59999");
        assertThat(big.getNamespaceURI()).isEqualTo("urn:big");
        assertThat(took).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void theNamesKeptForReuseAreBounded() throws Exception {
        // a sender of ever new names must not grow what the stream keeps
        StanzaBuilder builder = new StanzaBuilder(Integer.MAX_VALUE);

        builder.start(startTag(3 * StanzaBuilder.MAX_CACHED_NAMES));
        builder.end();

        assertThat(builder.cachedNames()).isBetween(1, StanzaBuilder.MAX_CACHED_NAMES);
    }

    @Test
    void namesOfParsedStanzasAreNotKeptByDom4jsProcessWideCache() throws Exception {
        // dom4j's QName cache never lets go of a name (its value holds its weak key): a sender of ever new names
        // would fill the heap
        String name = "n" + UUID.randomUUID().toString().replace("-", "");
        byte[] input = (XmppStreamParserTest.HEADER + "<message " + name + "='1'><" + name + " xmlns='urn:" + name
                + "'/></message>").getBytes(UTF_8);
        RecordingListener listener = new RecordingListener();

        new XmppStreamParser(1 << 20, listener).feed(input, 0, input.length);

        assertThat(listener.stanzas.get(0).attributeValue(name)).isEqualTo("1");
        assertThat(DocumentFactory.getInstance().getQNames()).extracting(QName::getName).doesNotContain(name);
    }
}
