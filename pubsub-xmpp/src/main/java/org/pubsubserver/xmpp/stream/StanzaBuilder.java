package org.pubsubserver.xmpp.stream;

import java.util.ArrayDeque;
import java.util.Deque;
import javax.xml.stream.XMLStreamReader;
import org.dom4j.DocumentFactory;
import org.dom4j.Element;
import org.dom4j.Namespace;
import org.dom4j.QName;

/**
 * Builds one detached dom4j element from the reader's events between a top-level start tag and its end tag.
 * Every element carries its own namespace and the declarations made on it, so {@code asXML()} of the result is
 * well-formed on its own, whatever the stream header declared.
 */
final class StanzaBuilder {
    private final DocumentFactory factory = DocumentFactory.getInstance();
    private final Deque<Element> open = new ArrayDeque<>();
    private final StringBuilder text = new StringBuilder();

    /** Number of elements currently open inside the stanza (1 while only the stanza's own tag is open). */
    int depth() {
        return open.size();
    }

    void start(XMLStreamReader reader) {
        flushText();
        Element element = factory.createElement(factory.createQName(reader.getLocalName(),
                Namespace.get(orEmpty(reader.getPrefix()), orEmpty(reader.getNamespaceURI()))));
        for (int i = 0; i < reader.getNamespaceCount(); i++) {
            element.addNamespace(orEmpty(reader.getNamespacePrefix(i)), orEmpty(reader.getNamespaceURI(i)));
        }
        for (int i = 0; i < reader.getAttributeCount(); i++) {
            element.addAttribute(attributeName(reader, i), reader.getAttributeValue(i));
        }
        Element parent = open.peek();
        if (parent != null) {
            parent.add(element);
        }
        open.push(element);
    }

    void text(XMLStreamReader reader) {
        text.append(reader.getTextCharacters(), reader.getTextStart(), reader.getTextLength());
    }

    /** Closes the innermost element; returns the finished stanza when that was its own end tag, else null. */
    Element end() {
        flushText();
        Element closed = open.pop();
        return open.isEmpty() ? closed : null;
    }

    private QName attributeName(XMLStreamReader reader, int index) {
        String namespace = reader.getAttributeNamespace(index);
        String localName = reader.getAttributeLocalName(index);
        if (namespace == null || namespace.isEmpty()) {
            return factory.createQName(localName);
        }
        return factory.createQName(localName, Namespace.get(orEmpty(reader.getAttributePrefix(index)), namespace));
    }

    private void flushText() {
        if (text.length() > 0) {
            open.element().addText(text.toString());
            text.setLength(0);
        }
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }
}
