package org.pubsubserver.core.error;

/** The type of a stanza error (RFC 6120 §8.3.2): what the requester may do about it. */
public enum ErrorType {
    AUTH("auth"),
    CANCEL("cancel"),
    CONTINUE("continue"),
    MODIFY("modify"),
    WAIT("wait");

    private final String value;

    ErrorType(String value) {
        this.value = value;
    }

    /** The value of the error element's {@code type} attribute. */
    public String value() {
        return value;
    }
}
