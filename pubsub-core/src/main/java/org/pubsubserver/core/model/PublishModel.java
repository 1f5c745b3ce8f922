package org.pubsubserver.core.model;

/** Who may publish to a node (XEP-0060 §17.4.4, pubsub#publish_model). */
public enum PublishModel {
    PUBLISHERS("publishers"),
    SUBSCRIBERS("subscribers"),
    OPEN("open");

    private final String value;

    PublishModel(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }

    public static PublishModel fromValue(String value) {
        for (PublishModel model : values()) {
            if (model.value.equals(value)) {
                return model;
            }
        }
        throw new IllegalArgumentException("unknown publish model: " + value);
    }
}
