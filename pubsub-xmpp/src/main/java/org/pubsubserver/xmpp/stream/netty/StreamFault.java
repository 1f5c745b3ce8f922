package org.pubsubserver.xmpp.stream.netty;

import java.util.Objects;
import org.pubsubserver.xmpp.stream.StanzaLimits;
import org.pubsubserver.xmpp.stream.StreamErrorCondition;

/**
 * Message emitted by {@link XmppStreamDecoder} when the inbound stream broke a rule: the next handler sends this
 * stream error and closes the connection. No message follows it.
 *
 * @param text why, for the stream error's {@code <text/>} and the log
 * @param exceededLimit the limit the stream went past, for a {@code policy-violation}; null otherwise
 */
public record StreamFault(StreamErrorCondition condition, String text, StanzaLimits.Limit exceededLimit) {
    public StreamFault {
        Objects.requireNonNull(condition, "condition");
    }

    public StreamFault(StreamErrorCondition condition, String text) {
        this(condition, text, null);
    }
}
