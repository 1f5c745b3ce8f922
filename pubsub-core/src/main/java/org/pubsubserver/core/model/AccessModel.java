package org.pubsubserver.core.model;

/** Who may subscribe to a node and retrieve its items (XEP-0060 §4.5). */
public enum AccessModel {
    OPEN("open"),
    PRESENCE("presence"),
    ROSTER("roster"),
    AUTHORIZE("authorize"),
    WHITELIST("whitelist");

    private final String value;

    AccessModel(String value) {
        this.value = value;
    }

    /** The value used in the pubsub#access_model field. */
    public String value() {
        return value;
    }

    public static AccessModel fromValue(String value) {
        for (AccessModel model : values()) {
            if (model.value.equals(value)) {
                return model;
            }
        }
        throw new IllegalArgumentException("unknown access model: " + value);
    }
}
