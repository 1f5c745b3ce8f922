package org.pubsubserver.xmpp.stanza;

import java.util.Arrays;
import org.pubsubserver.xmpp.stream.XmlEscaper;

/**
 * Writes the XML of outbound stanzas: elements, attributes in single quotes, text, and trusted XML (stored
 * payloads, forms) inserted as it is. Every value and text is escaped here, by {@link XmlEscaper}'s rules; an
 * element without content is closed as {@code <name/>}. Names are the caller's constants and are written as
 * given. Not thread-safe: one writer per stanza being built.
 *
 * <p>A {@link #mark()} and {@link #rewind(Mark)} let a writer be reused for stanzas that differ only after a
 * common start: the notifications of one event are written up to the recipient's address once, then for each
 * recipient the writer rewinds there and writes only the rest.
 */
public final class XmlWriter {
    private final StringBuilder out;
    private String[] open = new String[8];
    private int depth;
    /** True while the last started element's start tag is not yet closed (attributes may follow). */
    private boolean inStartTag;

    public XmlWriter() {
        this(256);
    }

    /** A writer whose buffer starts with room for {@code capacity} characters. */
    public XmlWriter(int capacity) {
        this.out = new StringBuilder(capacity);
    }

    /** Opens an element: {@code <name}, attributes may follow. */
    public XmlWriter start(String name) {
        closeStartTag();
        if (depth == open.length) {
            open = Arrays.copyOf(open, depth * 2);
        }
        open[depth++] = name;
        out.append('<').append(name);
        inStartTag = true;
        return this;
    }

    /** The default namespace of the element just started: {@code xmlns='uri'}. */
    public XmlWriter namespace(String uri) {
        return attribute("xmlns", uri);
    }

    /** An attribute of the element just started; the value escaped. */
    public XmlWriter attribute(String name, String value) {
        if (!inStartTag) {
            throw new IllegalStateException("attribute " + name + " outside a start tag");
        }
        out.append(' ').append(name).append("='");
        XmlEscaper.appendEscaped(out, value);
        out.append('\'');
        return this;
    }

    /** Character data, escaped. */
    public XmlWriter text(String text) {
        closeStartTag();
        XmlEscaper.appendEscaped(out, text);
        return this;
    }

    /** An element holding only text: {@code <name>text</name>}. */
    public XmlWriter textElement(String name, String text) {
        return start(name).text(text).end();
    }

    /**
     * XML inserted as it is, as content of the open element: only for XML that is well-formed and ours to trust
     * (a payload as stored after parsing, a form serialized by dom4j, an element this writer wrote).
     */
    public XmlWriter raw(String trustedXml) {
        closeStartTag();
        out.append(trustedXml);
        return this;
    }

    /** Closes the innermost open element: {@code />} if it has no content, else {@code </name>}. */
    public XmlWriter end() {
        if (depth == 0) {
            throw new IllegalStateException("no open element to end");
        }
        String name = open[--depth];
        if (inStartTag) {
            out.append("/>");
            inStartTag = false;
        } else {
            out.append("</").append(name).append('>');
        }
        return this;
    }

    /** Where the writer is now, to {@link #rewind(Mark)} to. */
    public Mark mark() {
        return new Mark(out.length(), Arrays.copyOf(open, depth), inStartTag);
    }

    /** Goes back to the mark: what was written since is dropped, the elements open then are open again. */
    public XmlWriter rewind(Mark mark) {
        out.setLength(mark.length);
        System.arraycopy(mark.open, 0, open, 0, mark.open.length);
        depth = mark.open.length;
        inStartTag = mark.inStartTag;
        return this;
    }

    /** The XML written; every element must have been ended. */
    public String toXml() {
        if (depth != 0) {
            throw new IllegalStateException(depth + " elements not ended, the innermost " + open[depth - 1]);
        }
        return out.toString();
    }

    /** The XML written so far, ended or not (for messages and debugging). */
    @Override
    public String toString() {
        return out.toString();
    }

    private void closeStartTag() {
        if (inStartTag) {
            out.append('>');
            inStartTag = false;
        }
    }

    /** A place in a writer's output (see {@link #mark()}). */
    public static final class Mark {
        private final int length;
        private final String[] open;
        private final boolean inStartTag;

        private Mark(int length, String[] open, boolean inStartTag) {
            this.length = length;
            this.open = open;
            this.inStartTag = inStartTag;
        }
    }
}
