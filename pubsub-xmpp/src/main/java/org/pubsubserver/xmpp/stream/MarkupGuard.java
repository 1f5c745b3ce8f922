package org.pubsubserver.xmpp.stream;

import static org.pubsubserver.xmpp.stream.XmppStreamException.restricted;

/**
 * Reads the stream's bytes ahead of the XML parser and stops them at the first byte that breaks a rule which the
 * parser checks too late, at too high a cost, or not at all:
 * <ul>
 * <li>{@code <!} before the root element (a document type declaration or a comment, RFC 6120 §11.1), which Aalto's
 * async parser cannot parse and reports as plain malformed XML;</li>
 * <li>comments and processing instructions inside the stream (§11.1), at their first bytes rather than their end;</li>
 * <li>an end tag that does not match its start tag (XML 1.0 §3, element type match), as soon as its bytes show it:
 * Aalto waits for up to four more bytes before it decides, so a stanza that ends the input would go unanswered;</li>
 * <li>a prefixed namespace declaration with an empty value (Namespaces in XML 1.0 §3), which Aalto accepts;</li>
 * <li>the depth, attributes per element and namespace declarations per stanza of {@link StanzaLimits}, before the
 * parser spends time quadratic in them.</li>
 * </ul>
 * The names an end tag must match are kept in {@link OpenElementNames}; attributes and declarations are counted by
 * {@link AttributeCounter}.
 * It knows enough XML to find tags, attribute values and CDATA sections in well-formed input. On input that is not
 * well-formed it may stop looking: the parser, which gets every byte before the one that stopped the guard, reports
 * such faults itself. Character data and attribute values, most of a stream, are skipped in tight loops. Not
 * thread-safe.
 */
final class MarkupGuard {
    private static final byte[] CDATA_OPENING = {'C', 'D', 'A', 'T', 'A', '['};
    /** Byte classes, looked up rather than compared on the per-byte paths. */
    private static final byte[] CLASSES = new byte[256];
    private static final byte SPACE = 1;
    private static final byte ENDS_NAME = 2;
    private static final byte ENDS_ATTRIBUTE_NAME = 4;

    static {
        for (char c : new char[] {' ', '\t', '\n', '\r'}) {
            CLASSES[c] = SPACE | ENDS_NAME | ENDS_ATTRIBUTE_NAME;
        }
        CLASSES['='] = ENDS_ATTRIBUTE_NAME;
        CLASSES['>'] = ENDS_NAME;
        CLASSES['/'] = ENDS_NAME;
    }

    // States: where in the markup the next byte is.
    private static final int TEXT = 0;
    private static final int LESS_THAN = 1;
    private static final int START_NAME = 2;
    private static final int IN_START_TAG = 3;
    private static final int ATTRIBUTE_NAME = 4;
    private static final int BEFORE_EQUALS = 5;
    private static final int BEFORE_VALUE = 6;
    private static final int VALUE_START = 7;
    private static final int VALUE = 8;
    private static final int AFTER_VALUE = 9;
    private static final int EMPTY_ELEMENT_END = 10;
    private static final int END_NAME = 11;
    private static final int AFTER_END_NAME = 12;
    private static final int MARKUP_DECLARATION = 13;
    private static final int CDATA_START = 14;
    private static final int CDATA = 15;
    private static final int PROLOG_PI = 16;
    /** The input is not well-formed here; the parser will say how. */
    private static final int LOST = 17;
    /** The stream's root element has ended. */
    private static final int DONE = 18;

    private final StanzaLimits limits;
    private int state = TEXT;
    /** Open elements, the stream's root included. */
    private int depth;
    private final OpenElementNames names;
    private final AttributeCounter attributeCounter;
    private byte quote;
    /** Bytes matched of "CDATA[", of the "]]" before a CDATA section's '>', or of the '?' before a PI's '>'. */
    private int matched;
    /** Bytes of the end tag's name compared so far. */
    private int endNameLength;
    private XmppStreamException violation;

    MarkupGuard(StanzaLimits limits) {
        this.limits = limits;
        this.names = new OpenElementNames(limits.maxDepth());
        this.attributeCounter = new AttributeCounter(limits);
    }

    /**
     * Reads {@code bytes[from, to)}; returns the index of the byte that broke a rule (see {@link #violation()}),
     * or {@code to}. Nothing is read after a violation. This runs over every byte of the stream, so the common
     * path is straight-line: character data and attribute values are skipped in counted loops, and a tag is read
     * from its '<' to its '>' without going back through the state switch; the states say where to go on when a
     * read ends inside a tag.
     */
    int scan(byte[] bytes, int from, int to) {
        int i = from;
        while (i < to && violation == null) {
            i = switch (state) {
                case TEXT -> text(bytes, i, to);
                case LESS_THAN -> tag(bytes, i, to);
                case START_NAME -> startName(bytes, i, to);
                case IN_START_TAG, AFTER_VALUE -> attributes(bytes, i, to);
                case VALUE -> value(bytes, i, to);
                case END_NAME -> endName(bytes, i, to);
                case LOST, DONE -> to;
                default -> step(bytes[i], i);
            };
        }
        return violation != null ? i : to;
    }

    /** Why {@link #scan} stopped early, or null. */
    XmppStreamException violation() {
        return violation;
    }

    /** Character data: nothing to look at before the next '<', and then the tag. */
    private int text(byte[] bytes, int from, int to) {
        int i = indexOf(bytes, from, to, (byte) '<');
        if (i == to) {
            return to;
        }
        state = LESS_THAN;
        return tag(bytes, i + 1, to);
    }

    /** From the byte after '<': what kind of markup begins, and a start or end tag read on. */
    private int tag(byte[] bytes, int i, int to) {
        if (i == to) {
            return to;
        }
        byte b = bytes[i];
        if (b == '/') {
            if (depth == 0) {
                state = LOST;
                return i;
            }
            endNameLength = 0;
            state = END_NAME;
            return endName(bytes, i + 1, to);
        }
        if (b == '!') {
            if (depth == 0) {
                violation = restricted("document type declarations and comments");
                return i;
            }
            state = MARKUP_DECLARATION;
            return i + 1;
        }
        if (b == '?') {
            if (depth > 0) {
                violation = restricted("processing instructions");
                return i;
            }
            matched = 0;
            state = PROLOG_PI; // the XML declaration; the parser refuses any other PI
            return i + 1;
        }
        if (depth > limits.maxDepth()) {
            violation = XmppStreamException.limitExceeded(StanzaLimits.Limit.DEPTH,
                    "elements nested deeper than " + limits.maxDepth() + " levels in one stanza");
            return i;
        }
        names.begin(depth);
        attributeCounter.startTag();
        state = START_NAME;
        return startName(bytes, i, to);
    }

    /** A start tag's name, kept until its end tag; then its attributes. */
    private int startName(byte[] bytes, int from, int to) {
        int i = from;
        while (i < to && !endsName(bytes[i])) {
            i++;
        }
        names.append(bytes, from, i);
        if (i == to) {
            return to;
        }
        byte b = bytes[i];
        if (b == '/') {
            state = EMPTY_ELEMENT_END;
            return i + 1;
        }
        if (b == '>') {
            state = startTagEnded();
            return i + 1;
        }
        state = IN_START_TAG;
        return attributes(bytes, i + 1, to);
    }

    /**
     * The attributes of a start tag, from the white space after its name or after a value, up to the tag's end
     * or the input's; where the input runs out, the state says where to go on.
     */
    private int attributes(byte[] bytes, int from, int to) {
        boolean afterValue = state == AFTER_VALUE;
        int i = from;
        while (i < to) {
            byte b = bytes[i];
            if (b == '>') {
                state = startTagEnded();
                return i + 1;
            }
            if (b == '/') {
                state = EMPTY_ELEMENT_END;
                return i + 1;
            }
            if (isSpace(b)) {
                afterValue = false;
                i++;
                continue;
            }
            if (afterValue) {
                state = LOST; // attributes are separated by white space
                return i;
            }
            int nameStart = i;
            while (i < to && (CLASSES[(b = bytes[i]) & 0xFF] & ENDS_ATTRIBUTE_NAME) == 0) {
                i++;
            }
            attributeCounter.newName();
            attributeCounter.name(bytes, nameStart, i);
            if (i == to) {
                state = ATTRIBUTE_NAME;
                return to;
            }
            while (isSpace(b)) {
                if (++i == to) {
                    state = BEFORE_EQUALS;
                    return to;
                }
                b = bytes[i];
            }
            if (b != '=') {
                state = LOST;
                return i;
            }
            violation = attributeCounter.count();
            if (violation != null) {
                return i;
            }
            do {
                if (++i == to) {
                    state = BEFORE_VALUE;
                    return to;
                }
                b = bytes[i];
            } while (isSpace(b));
            if (b != '\'' && b != '"') {
                state = LOST;
                return i;
            }
            quote = b;
            if (++i == to) {
                state = VALUE_START;
                return to;
            }
            if (bytes[i] == b && attributeCounter.declaresPrefix()) {
                violation = emptyPrefixDeclaration();
                return i;
            }
            i = indexOf(bytes, i, to, b);
            if (i == to) {
                state = VALUE;
                return to;
            }
            i++;
            afterValue = true;
        }
        state = afterValue ? AFTER_VALUE : IN_START_TAG;
        return to;
    }

    /** The rest of an attribute value begun in an earlier read; then the tag goes on. */
    private int value(byte[] bytes, int from, int to) {
        int i = indexOf(bytes, from, to, quote);
        if (i == to) {
            return to;
        }
        state = AFTER_VALUE;
        return attributes(bytes, i + 1, to);
    }

    /** An end tag's name, compared with its start tag's, so that a mismatch is reported at its first byte. */
    private int endName(byte[] bytes, int from, int to) {
        int open = depth - 1;
        int expected = names.length(open);
        for (int i = from; i < to; i++) {
            byte b = bytes[i];
            if (b == '>' || isSpace(b)) {
                if (endNameLength != expected) {
                    violation = mismatch(open);
                    return i;
                }
                state = b == '>' ? elementEnded() : AFTER_END_NAME;
                return i + 1;
            }
            if (endNameLength >= expected || names.byteAt(open, endNameLength) != b) {
                violation = mismatch(open);
                return i;
            }
            endNameLength++;
        }
        return to;
    }

    /**
     * One byte in the other states: inside a tag whose bytes came in more than one read, and in CDATA sections and
     * the XML declaration. Returns the index of the next byte, or of this one when it broke a rule.
     */
    private int step(byte b, int i) {
        switch (state) {
            case ATTRIBUTE_NAME -> {
                if (b == '=' || isSpace(b)) {
                    state = BEFORE_EQUALS;
                    return i;
                }
                attributeCounter.name(b);
            }
            case BEFORE_EQUALS -> {
                if (b == '=') {
                    violation = attributeCounter.count();
                    if (violation != null) {
                        return i;
                    }
                    state = BEFORE_VALUE;
                } else if (!isSpace(b)) {
                    state = LOST;
                }
            }
            case BEFORE_VALUE -> {
                if (b == '\'' || b == '"') {
                    quote = b;
                    state = VALUE_START;
                } else if (!isSpace(b)) {
                    state = LOST;
                }
            }
            case VALUE_START -> {
                if (b != quote) {
                    state = VALUE;
                    return i;
                }
                if (attributeCounter.declaresPrefix()) {
                    violation = emptyPrefixDeclaration();
                    return i;
                }
                state = AFTER_VALUE;
            }
            case EMPTY_ELEMENT_END -> state = b == '>' ? emptyElementEnded() : LOST;
            case AFTER_END_NAME -> {
                if (b == '>') {
                    state = elementEnded();
                } else if (!isSpace(b)) {
                    state = LOST;
                }
            }
            case MARKUP_DECLARATION -> {
                if (b == '-') {
                    violation = restricted("comments");
                    return i;
                }
                matched = 0;
                state = b == '[' ? CDATA_START : LOST;
            }
            case CDATA_START -> {
                if (b != CDATA_OPENING[matched]) {
                    state = LOST;
                } else if (++matched == CDATA_OPENING.length) {
                    matched = 0;
                    state = CDATA;
                }
            }
            case CDATA -> {
                if (b == '>' && matched == 2) {
                    state = TEXT;
                }
                matched = b == ']' ? Math.min(matched + 1, 2) : 0;
            }
            case PROLOG_PI -> {
                if (b == '>' && matched == 1) {
                    state = TEXT;
                }
                matched = b == '?' ? 1 : 0;
            }
            default -> throw new IllegalStateException("no single-byte step in state " + state);
        }
        return i + 1;
    }

    private static XmppStreamException emptyPrefixDeclaration() {
        return new XmppStreamException(StreamErrorCondition.NOT_WELL_FORMED,
                "a namespace prefix declared with an empty name (Namespaces in XML 1.0 §3)");
    }

    /** The index of the first {@code target} in {@code bytes[from, to)}, or {@code to}: a loop the JIT unrolls. */
    private static int indexOf(byte[] bytes, int from, int to, byte target) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == target) {
                return i;
            }
        }
        return to;
    }

    /** At a start tag's '>'; returns the next state. */
    private int startTagEnded() {
        depth++;
        if (depth == 1) {
            attributeCounter.unitEnded(); // the stream header's declarations are its own
        }
        return TEXT;
    }

    /** At an empty-element tag's '>'; returns the next state. */
    private int emptyElementEnded() {
        names.end(depth);
        return unitEnded();
    }

    /** At an end tag's '>'; returns the next state. */
    private int elementEnded() {
        depth--;
        names.end(depth);
        return unitEnded();
    }

    /** After an element ended at {@link #depth}: the stream ended, a stanza did, or neither. */
    private int unitEnded() {
        if (depth == 0) {
            return DONE;
        }
        if (depth == 1) {
            attributeCounter.unitEnded();
        }
        return TEXT;
    }

    private XmppStreamException mismatch(int open) {
        return new XmppStreamException(StreamErrorCondition.NOT_WELL_FORMED,
                "unexpected end tag: expected </" + names.toString(open) + ">");
    }

    private static boolean endsName(byte b) {
        return (CLASSES[b & 0xFF] & ENDS_NAME) != 0;
    }

    private static boolean isSpace(byte b) {
        return (CLASSES[b & 0xFF] & SPACE) != 0;
    }
}
