package org.pubsubserver.core.error;

import java.util.Objects;

/**
 * A use case's refusal: the stanza error condition (which carries its error type), optionally the
 * pubsub#errors condition and, for {@link PubSubCondition#UNSUPPORTED}, the feature name. The XMPP side
 * turns it into the error stanza.
 */
public final class PubSubException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final StanzaCondition condition;
    private final PubSubCondition pubSubCondition;
    private final String feature;
    private final String conditionText;

    public PubSubException(StanzaCondition condition, PubSubCondition pubSubCondition, String feature, String message) {
        this(condition, pubSubCondition, feature, message, null);
    }

    private PubSubException(StanzaCondition condition, PubSubCondition pubSubCondition, String feature, String message,
                            String conditionText) {
        super(message, null, false, false);
        this.condition = Objects.requireNonNull(condition, "condition");
        this.pubSubCondition = pubSubCondition;
        this.feature = feature;
        this.conditionText = conditionText;
    }

    /** Text the condition element carries (the new address of a {@code gone} node), or null. */
    public String conditionText() {
        return conditionText;
    }

    public static PubSubException of(StanzaCondition condition, String message) {
        return new PubSubException(condition, null, null, message);
    }

    public static PubSubException of(StanzaCondition condition, PubSubCondition pubSubCondition, String message) {
        return new PubSubException(condition, pubSubCondition, null, message);
    }

    /** {@code feature-not-implemented} with {@code <unsupported feature='...'/>} (XEP-0060 §12). */
    public static PubSubException unsupported(String feature) {
        return new PubSubException(StanzaCondition.FEATURE_NOT_IMPLEMENTED, PubSubCondition.UNSUPPORTED, feature,
                "feature not supported: " + feature);
    }

    /** The node has moved for good (§6.1.3.11): {@code gone} carrying the new address. */
    public static PubSubException nodeMoved(String node, String uri) {
        return new PubSubException(StanzaCondition.GONE, null, null, "node " + node + " has moved to " + uri, uri);
    }

    public static PubSubException nodeNotFound(String node) {
        return of(StanzaCondition.ITEM_NOT_FOUND, "no such node: " + node);
    }

    public StanzaCondition condition() {
        return condition;
    }

    /** The pubsub#errors condition, or null. */
    public PubSubCondition pubSubCondition() {
        return pubSubCondition;
    }

    /** The feature of an {@code unsupported} condition, or null. */
    public String feature() {
        return feature;
    }
}
