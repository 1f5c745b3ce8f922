package org.pubsubserver.xmpp.stream;

/**
 * What one inbound stanza may hold (RFC 6120 leaves such limits to the receiver, §13.12): its size in bytes, its
 * nesting depth, attributes per element, namespace declarations and distinct element and attribute names. Past
 * any of them the stream ends with {@code <policy-violation/>}. Besides the size, which is a setting, they bound
 * the parser's own work: the XML parser (Aalto) spends time quadratic in the attributes of one element, the
 * namespace prefixes and the distinct names it has seen, and these bounds keep that small whatever a sender does.
 * The fixed values are far above what real stanzas carry.
 */
public record StanzaLimits(int maxBytes, int maxDepth, int maxAttributes, int maxNamespaceDeclarations,
        int maxNames) {

    /** The limits, each named for the log line that reports it. */
    public enum Limit {
        /** Bytes of one stanza (and of the stream header): {@code xmpp.max-stanza-size}. */
        SIZE,
        /** Levels of nested elements in one stanza, its own element being level 1. */
        DEPTH,
        /** Attributes (namespace declarations included) on one element. */
        ATTRIBUTES,
        /** Namespace declarations in one stanza, on all its elements together. */
        NAMESPACE_DECLARATIONS,
        /** Distinct element and attribute names in one stanza. */
        NAMES
    }

    /** Deepest nesting accepted. */
    public static final int MAX_DEPTH = 128;
    /** Most attributes on one element. */
    public static final int MAX_ATTRIBUTES = 256;
    /** Most namespace declarations in one stanza. */
    public static final int MAX_NAMESPACE_DECLARATIONS = 256;
    /** Most distinct element and attribute names in one stanza. */
    public static final int MAX_NAMES = 1024;

    public StanzaLimits {
        requirePositive(maxBytes, "maxBytes");
        requirePositive(maxDepth, "maxDepth");
        requirePositive(maxAttributes, "maxAttributes");
        requirePositive(maxNamespaceDeclarations, "maxNamespaceDeclarations");
        requirePositive(maxNames, "maxNames");
    }

    /** The fixed limits with the given size bound. */
    public static StanzaLimits withMaxBytes(int maxBytes) {
        return new StanzaLimits(maxBytes, MAX_DEPTH, MAX_ATTRIBUTES, MAX_NAMESPACE_DECLARATIONS, MAX_NAMES);
    }

    private static void requirePositive(int value, String name) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
    }
}
