package org.pubsubserver.core.error;

/**
 * The RFC 6120 §8.3.3 stanza error conditions the engine answers with. The error type that goes with each
 * is fixed in one table on the XMPP side.
 */
public enum StanzaCondition {
    BAD_REQUEST("bad-request"),
    CONFLICT("conflict"),
    FEATURE_NOT_IMPLEMENTED("feature-not-implemented"),
    FORBIDDEN("forbidden"),
    GONE("gone"),
    INTERNAL_SERVER_ERROR("internal-server-error"),
    ITEM_NOT_FOUND("item-not-found"),
    JID_MALFORMED("jid-malformed"),
    NOT_ACCEPTABLE("not-acceptable"),
    NOT_ALLOWED("not-allowed"),
    NOT_AUTHORIZED("not-authorized"),
    POLICY_VIOLATION("policy-violation"),
    RESOURCE_CONSTRAINT("resource-constraint"),
    SERVICE_UNAVAILABLE("service-unavailable"),
    UNEXPECTED_REQUEST("unexpected-request");

    private final String elementName;

    StanzaCondition(String elementName) {
        this.elementName = elementName;
    }

    /** The element name, e.g. {@code item-not-found}. */
    public String elementName() {
        return elementName;
    }
}
