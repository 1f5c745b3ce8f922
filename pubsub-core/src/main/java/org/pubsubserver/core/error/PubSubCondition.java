package org.pubsubserver.core.error;

/** Application-specific conditions of the {@code http://jabber.org/protocol/pubsub#errors} namespace (XEP-0060 §12). */
public enum PubSubCondition {
    CLOSED_NODE("closed-node"),
    CONFIGURATION_REQUIRED("configuration-required"),
    INVALID_JID("invalid-jid"),
    INVALID_OPTIONS("invalid-options"),
    INVALID_PAYLOAD("invalid-payload"),
    INVALID_SUBID("invalid-subid"),
    ITEM_FORBIDDEN("item-forbidden"),
    ITEM_REQUIRED("item-required"),
    JID_REQUIRED("jid-required"),
    MAX_ITEMS_EXCEEDED("max-items-exceeded"),
    MAX_NODES_EXCEEDED("max-nodes-exceeded"),
    NODEID_REQUIRED("nodeid-required"),
    NODE_FULL("node-full"),
    NOT_IN_ROSTER_GROUP("not-in-roster-group"),
    NOT_SUBSCRIBED("not-subscribed"),
    PAYLOAD_TOO_BIG("payload-too-big"),
    PAYLOAD_REQUIRED("payload-required"),
    PENDING_SUBSCRIPTION("pending-subscription"),
    PRECONDITION_NOT_MET("precondition-not-met"),
    PRESENCE_SUBSCRIPTION_REQUIRED("presence-subscription-required"),
    SUBID_REQUIRED("subid-required"),
    TOO_MANY_SUBSCRIPTIONS("too-many-subscriptions"),
    UNSUPPORTED("unsupported"),
    UNSUPPORTED_ACCESS_MODEL("unsupported-access-model");

    private final String elementName;

    PubSubCondition(String elementName) {
        this.elementName = elementName;
    }

    public String elementName() {
        return elementName;
    }
}
