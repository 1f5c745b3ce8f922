package org.pubsubserver.xmpp.stream;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import javax.xml.stream.XMLStreamReader;
import org.dom4j.Element;
import org.dom4j.Namespace;
import org.dom4j.QName;
import org.dom4j.tree.DefaultAttribute;
import org.dom4j.tree.DefaultElement;

/**
 * Builds one detached dom4j element from the reader's events between a top-level start tag and its end tag.
 * Every element carries its own namespace and the declarations made on it, so {@code asXML()} of the result is
 * well-formed on its own, whatever the stream header declared.
 *
 * <p>Linear in what the stanza holds: attributes and declarations are appended as they come (dom4j's
 * {@code addAttribute} and {@code addNamespace} look for an existing one first, which made a start tag quadratic;
 * the parser has already refused duplicates). Names are not put in dom4j's process-wide {@code QName} and
 * {@code Namespace} caches, which never let go of a name once seen (its value holds its weak key), so a sender of
 * ever new names would fill the heap; a bounded cache of this stream's own saves dom4j's check of each name.
 * Counts the distinct names of the stanza against {@link StanzaLimits#maxNames()}.
 */
final class StanzaBuilder {
    /** Names and namespaces kept for reuse, at most; past that the cache starts again. */
    static final int MAX_CACHED_NAMES = 4096;

    private record NameKey(String prefix, String localName, String uri) {
    }

    private final int maxNames;
    private final Map<NameKey, QName> qualifiedNames = new HashMap<>();
    private final Map<NameKey, Namespace> namespaces = new HashMap<>();
    private final Deque<Element> open = new ArrayDeque<>();
    private final StringBuilder text = new StringBuilder();
    /** Element, attribute and declaration names of the stanza being built, repeats included. */
    private int nameCount;
    /**
     * The distinct ones, tracked only once {@link #nameCount} passes the limit: below it, the count bounds them,
     * and most stanzas never pay for the set.
     */
    private Set<String> distinctNames;

    StanzaBuilder(int maxNames) {
        this.maxNames = maxNames;
    }

    /** Number of elements currently open inside the stanza (1 while only the stanza's own tag is open). */
    int depth() {
        return open.size();
    }

    /**
     * At most the number of distinct names of the stanza being built (or just finished, until the next begins):
     * exact once they are tracked, else the count with repeats.
     */
    int names() {
        return distinctNames != null ? distinctNames.size() : nameCount;
    }

    void start(XMLStreamReader reader) throws XmppStreamException {
        flushText();
        Element parent = open.peek();
        if (parent == null) {
            nameCount = 0;
            distinctNames = null;
        }
        Element element = new DefaultElement(qualifiedName(orEmpty(reader.getPrefix()), reader.getLocalName(),
                orEmpty(reader.getNamespaceURI())));
        int declarations = reader.getNamespaceCount();
        for (int i = 0; i < declarations; i++) {
            element.add(namespace(orEmpty(reader.getNamespacePrefix(i)), orEmpty(reader.getNamespaceURI(i))));
        }
        int attributes = reader.getAttributeCount();
        for (int i = 0; i < attributes; i++) {
            String uri = orEmpty(reader.getAttributeNamespace(i));
            QName name = qualifiedName(uri.isEmpty() ? "" : orEmpty(reader.getAttributePrefix(i)),
                    reader.getAttributeLocalName(i), uri);
            element.add(new DefaultAttribute(name, reader.getAttributeValue(i)));
        }
        if (parent != null) {
            parent.add(element);
        }
        open.push(element);
        countNames(element, 1 + declarations + attributes);
    }

    /** Counts the names of an element just built, against {@link StanzaLimits#maxNames()}. */
    private void countNames(Element element, int names) throws XmppStreamException {
        nameCount += names;
        if (distinctNames != null) {
            addNames(element);
        } else if (nameCount > maxNames) {
            distinctNames = new HashSet<>();
            addTree(open.peekLast());
        }
        if (distinctNames != null && distinctNames.size() > maxNames) {
            throw XmppStreamException.limitExceeded(StanzaLimits.Limit.NAMES,
                    "more than " + maxNames + " distinct element and attribute names in one stanza");
        }
    }

    private void addTree(Element element) {
        addNames(element);
        for (Element child : element.elements()) {
            addTree(child);
        }
    }

    private void addNames(Element element) {
        distinctNames.add(element.getQualifiedName());
        for (Namespace declared : element.declaredNamespaces()) {
            distinctNames.add(declared.getPrefix().isEmpty() ? "xmlns" : "xmlns:" + declared.getPrefix());
        }
        for (int i = 0, count = element.attributeCount(); i < count; i++) {
            distinctNames.add(element.attribute(i).getQualifiedName());
        }
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

    /** How many qualified names are kept for reuse (for tests). */
    int cachedNames() {
        return qualifiedNames.size();
    }

    /** The name, made once per stream while the cache keeps it. */
    private QName qualifiedName(String prefix, String localName, String uri) {
        NameKey key = new NameKey(prefix, localName, uri);
        QName name = qualifiedNames.get(key);
        if (name == null) {
            name = new QName(localName, namespace(prefix, uri));
            cache(qualifiedNames, key, name);
        }
        return name;
    }

    private Namespace namespace(String prefix, String uri) {
        if (prefix.isEmpty() && uri.isEmpty()) {
            return Namespace.NO_NAMESPACE;
        }
        if (Namespace.XML_NAMESPACE.getURI().equals(uri)) {
            return Namespace.XML_NAMESPACE; // dom4j's writer knows "xml" needs no declaration by this instance
        }
        NameKey key = new NameKey(prefix, null, uri);
        Namespace namespace = namespaces.get(key);
        if (namespace == null) {
            namespace = new Namespace(prefix, uri);
            cache(namespaces, key, namespace);
        }
        return namespace;
    }

    private static <T> void cache(Map<NameKey, T> cache, NameKey key, T value) {
        if (cache.size() >= MAX_CACHED_NAMES) {
            cache.clear();
        }
        cache.put(key, value);
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
