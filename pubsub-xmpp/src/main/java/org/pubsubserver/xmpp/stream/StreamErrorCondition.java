package org.pubsubserver.xmpp.stream;

import java.util.Locale;
import java.util.Optional;

/** The defined stream error conditions of RFC 6120 §4.9.3, each with its element name. */
public enum StreamErrorCondition {
    BAD_FORMAT,
    BAD_NAMESPACE_PREFIX,
    CONFLICT,
    CONNECTION_TIMEOUT,
    HOST_GONE,
    HOST_UNKNOWN,
    IMPROPER_ADDRESSING,
    INTERNAL_SERVER_ERROR,
    INVALID_FROM,
    INVALID_NAMESPACE,
    INVALID_XML,
    NOT_AUTHORIZED,
    NOT_WELL_FORMED,
    POLICY_VIOLATION,
    REMOTE_CONNECTION_FAILED,
    RESET,
    RESOURCE_CONSTRAINT,
    RESTRICTED_XML,
    SEE_OTHER_HOST,
    SYSTEM_SHUTDOWN,
    UNDEFINED_CONDITION,
    UNSUPPORTED_ENCODING,
    UNSUPPORTED_FEATURE,
    UNSUPPORTED_STANZA_TYPE,
    UNSUPPORTED_VERSION;

    private final String elementName = name().toLowerCase(Locale.ROOT).replace('_', '-');

    /** The element name in the {@code urn:ietf:params:xml:ns:xmpp-streams} namespace, e.g. "not-well-formed". */
    public String elementName() {
        return elementName;
    }

    /** The condition with this element name, if it is one that RFC 6120 defines. */
    public static Optional<StreamErrorCondition> fromElementName(String elementName) {
        for (StreamErrorCondition condition : values()) {
            if (condition.elementName.equals(elementName)) {
                return Optional.of(condition);
            }
        }
        return Optional.empty();
    }
}
