package org.pubsubserver.xmpp.stream;

import java.util.Objects;

/** The inbound stream broke a rule that ends the stream; {@link #condition()} is the stream error to send back. */
public final class XmppStreamException extends Exception {
    private static final long serialVersionUID = 1L;

    private final StreamErrorCondition condition;

    public XmppStreamException(StreamErrorCondition condition, String message) {
        super(message);
        this.condition = Objects.requireNonNull(condition, "condition");
    }

    public XmppStreamException(StreamErrorCondition condition, String message, Throwable cause) {
        super(message, cause);
        this.condition = Objects.requireNonNull(condition, "condition");
    }

    public StreamErrorCondition condition() {
        return condition;
    }
}
