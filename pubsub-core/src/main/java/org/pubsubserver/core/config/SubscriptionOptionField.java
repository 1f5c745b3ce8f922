package org.pubsubserver.core.config;

import java.util.List;

/**
 * The {@code pubsub#subscribe_options} fields this service supports (XEP-0060 §16.4.2). Only fields whose
 * behaviour works are here: digest and show-values are not (yet).
 */
public enum SubscriptionOptionField implements FormFieldSpec {
    DELIVER("pubsub#deliver", FieldType.BOOLEAN, "Whether an entity wants to receive or disable notifications", "true"),
    INCLUDE_BODY("pubsub#include_body", FieldType.BOOLEAN,
            "Whether an entity wants to receive an XMPP message body in addition to the payload format", "false"),
    EXPIRE("pubsub#expire", FieldType.TEXT_SINGLE, "The DateTime at which a leased subscription will end or has ended", "");

    private final String var;
    private final FieldType type;
    private final String label;
    private final String defaultValue;

    SubscriptionOptionField(String var, FieldType type, String label, String defaultValue) {
        this.var = var;
        this.type = type;
        this.label = label;
        this.defaultValue = defaultValue;
    }

    @Override
    public String var() {
        return var;
    }

    @Override
    public FieldType type() {
        return type;
    }

    @Override
    public String label() {
        return label;
    }

    @Override
    public List<String> options() {
        return List.of();
    }

    @Override
    public String defaultValue() {
        return defaultValue;
    }

    @Override
    public String normalize(String value) {
        if (this == EXPIRE) {
            String trimmed = value == null ? "" : value.trim();
            return trimmed.isEmpty() ? "" : FieldValues.dateTime(trimmed);
        }
        return FieldValues.normalize(type, List.of(), v -> true, value);
    }

    /** The field with this var, or null. */
    public static SubscriptionOptionField byVar(String var) {
        for (SubscriptionOptionField field : values()) {
            if (field.var.equals(var)) {
                return field;
            }
        }
        return null;
    }
}
