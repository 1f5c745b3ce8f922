package org.pubsubserver.xmpp.stream;

/**
 * Counts, for {@link MarkupGuard}, the attributes of the start tag being read and the namespace declarations of the
 * current stanza against the {@link StanzaLimits}, telling declarations ({@code xmlns}, {@code xmlns:p}) from other
 * attributes by their names, which may arrive in several pieces. Not thread-safe.
 */
final class AttributeCounter {
    private static final byte[] XMLNS = {'x', 'm', 'l', 'n', 's'};

    private final StanzaLimits limits;
    /** Attributes of the start tag being read. */
    private int attributes;
    /** Namespace declarations of the current stanza (or of the stream header). */
    private int declarations;
    /** Bytes of the current attribute name read so far, counted up to one past "xmlns": no more tell anything. */
    private int nameLength;
    private boolean startsWithXmlns;
    private boolean declaresPrefix;

    AttributeCounter(StanzaLimits limits) {
        this.limits = limits;
    }

    /** A start tag begins: its attributes are counted from none. */
    void startTag() {
        attributes = 0;
    }

    /** A stanza (or the stream header) ended: the next one's declarations are counted from none. */
    void unitEnded() {
        declarations = 0;
    }

    /** An attribute name begins. */
    void newName() {
        nameLength = 0;
        startsWithXmlns = true;
        declaresPrefix = false;
    }

    /** The bytes of the current attribute name in {@code bytes[from, to)}, or its first ones. */
    void name(byte[] bytes, int from, int to) {
        for (int i = from; i < to && nameLength <= XMLNS.length; i++) {
            name(bytes[i]);
        }
    }

    /** The next byte of the current attribute name. */
    void name(byte b) {
        if (nameLength < XMLNS.length) {
            startsWithXmlns &= b == XMLNS[nameLength];
        } else if (nameLength == XMLNS.length) {
            declaresPrefix = startsWithXmlns && b == ':';
        } else {
            return;
        }
        nameLength++;
    }

    /** True when the current attribute declares a namespace prefix ({@code xmlns:p}). */
    boolean declaresPrefix() {
        return declaresPrefix;
    }

    /** At the current attribute's '=': counts it, and the declaration it may be; returns a limit it passed. */
    XmppStreamException count() {
        if (++attributes > limits.maxAttributes()) {
            return XmppStreamException.limitExceeded(StanzaLimits.Limit.ATTRIBUTES,
                    "an element with more than " + limits.maxAttributes() + " attributes");
        }
        boolean declaration = startsWithXmlns && (nameLength == XMLNS.length || declaresPrefix);
        if (declaration && ++declarations > limits.maxNamespaceDeclarations()) {
            return XmppStreamException.limitExceeded(StanzaLimits.Limit.NAMESPACE_DECLARATIONS,
                    "more than " + limits.maxNamespaceDeclarations() + " namespace declarations in one stanza");
        }
        return null;
    }
}
