package org.pubsubserver.xmpp.stream;

/**
 * A stream error as received from the peer (RFC 6120 §4.9).
 *
 * @param conditionName the condition element's name as sent, e.g. "not-authorized"; "undefined-condition" when absent
 * @param text the human-readable {@code <text/>}, or null when the peer sent none
 */
public record StreamError(String conditionName, String text) {

    /** The condition as a defined one; {@link StreamErrorCondition#UNDEFINED_CONDITION} for names RFC 6120 lacks. */
    public StreamErrorCondition condition() {
        return StreamErrorCondition.fromElementName(conditionName).orElse(StreamErrorCondition.UNDEFINED_CONDITION);
    }

    /** "not-authorized: Given token does not match", or just the condition name when there is no text. */
    @Override
    public String toString() {
        return text == null || text.isBlank() ? conditionName : conditionName + ": " + text;
    }
}
