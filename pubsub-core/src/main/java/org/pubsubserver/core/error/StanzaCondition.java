package org.pubsubserver.core.error;

/**
 * The RFC 6120 §8.3.3 stanza error conditions the engine answers with, each with the error type XEP-0060's
 * examples give it (RFC 6120 §8.3.3's where the XEP has no example). This is the one table of error types:
 * where the XEP types one condition two ways, the condition is here twice, each use named.
 */
public enum StanzaCondition {
    BAD_REQUEST("bad-request", ErrorType.MODIFY),
    CONFLICT("conflict", ErrorType.CANCEL),
    FEATURE_NOT_IMPLEMENTED("feature-not-implemented", ErrorType.CANCEL),
    FORBIDDEN("forbidden", ErrorType.AUTH),
    /** Only for a node that moved (§6.1.3.11), which the XEP types modify: the requester asks the new node. */
    GONE("gone", ErrorType.MODIFY),
    INTERNAL_SERVER_ERROR("internal-server-error", ErrorType.CANCEL),
    ITEM_NOT_FOUND("item-not-found", ErrorType.CANCEL),
    JID_MALFORMED("jid-malformed", ErrorType.MODIFY),
    NOT_ACCEPTABLE("not-acceptable", ErrorType.MODIFY),
    NOT_ALLOWED("not-allowed", ErrorType.CANCEL),
    NOT_AUTHORIZED("not-authorized", ErrorType.AUTH),
    /** XEP-0060 §6.1.3.9 (too many subscriptions) types it wait. */
    POLICY_VIOLATION("policy-violation", ErrorType.WAIT),
    RESOURCE_CONSTRAINT("resource-constraint", ErrorType.WAIT),
    SERVICE_UNAVAILABLE("service-unavailable", ErrorType.CANCEL),
    /** As §6.2.3.2 types it (unsubscribe without a subscription). */
    UNEXPECTED_REQUEST("unexpected-request", ErrorType.CANCEL),
    /**
     * unexpected-request as §6.3.4.2 types it: options asked of a subscription that does not exist, which the
     * requester can fix by naming another; the same element as {@link #UNEXPECTED_REQUEST}.
     */
    UNEXPECTED_REQUEST_MODIFY("unexpected-request", ErrorType.MODIFY);

    private final String elementName;
    private final ErrorType type;

    StanzaCondition(String elementName, ErrorType type) {
        this.elementName = elementName;
        this.type = type;
    }

    /** The element name, e.g. {@code item-not-found}. */
    public String elementName() {
        return elementName;
    }

    /** The error type that goes with it. */
    public ErrorType type() {
        return type;
    }
}
