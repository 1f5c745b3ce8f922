package org.pubsubserver.xmpp.stream;

import java.util.Objects;

/**
 * The inbound stream broke a rule that ends the stream; {@link #condition()} is the stream error to send back, and
 * {@link #exceededLimit()} names the {@link StanzaLimits} bound when it was one of those.
 */
public final class XmppStreamException extends Exception {
    private static final long serialVersionUID = 1L;

    private final StreamErrorCondition condition;
    private final StanzaLimits.Limit exceededLimit;

    public XmppStreamException(StreamErrorCondition condition, String message) {
        this(condition, message, null, null);
    }

    public XmppStreamException(StreamErrorCondition condition, String message, Throwable cause) {
        this(condition, message, null, cause);
    }

    private XmppStreamException(StreamErrorCondition condition, String message, StanzaLimits.Limit exceededLimit,
            Throwable cause) {
        super(message, cause);
        this.condition = Objects.requireNonNull(condition, "condition");
        this.exceededLimit = exceededLimit;
    }

    /** A {@code policy-violation}: the stream exceeded one of the {@link StanzaLimits}. */
    public static XmppStreamException limitExceeded(StanzaLimits.Limit limit, String message) {
        return new XmppStreamException(StreamErrorCondition.POLICY_VIOLATION, message, Objects.requireNonNull(limit),
                null);
    }

    /** A {@code restricted-xml}: {@code what} (plural) is among the XML that XMPP forbids (RFC 6120 §11.1). */
    static XmppStreamException restricted(String what) {
        return new XmppStreamException(StreamErrorCondition.RESTRICTED_XML,
                what + " are not allowed in XMPP (RFC 6120 §11.1)");
    }

    public StreamErrorCondition condition() {
        return condition;
    }

    /** The limit the stream exceeded, or null when it broke another rule. */
    public StanzaLimits.Limit exceededLimit() {
        return exceededLimit;
    }
}
