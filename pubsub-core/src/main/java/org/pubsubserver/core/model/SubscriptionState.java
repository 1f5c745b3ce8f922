package org.pubsubserver.core.model;

/** The state of a subscription (XEP-0060 §4.2). */
public enum SubscriptionState {
    NONE("none"),
    PENDING("pending"),
    UNCONFIGURED("unconfigured"),
    SUBSCRIBED("subscribed");

    private final String value;

    SubscriptionState(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }

    public static SubscriptionState fromValue(String value) {
        for (SubscriptionState state : values()) {
            if (state.value.equals(value)) {
                return state;
            }
        }
        throw new IllegalArgumentException("unknown subscription state: " + value);
    }
}
