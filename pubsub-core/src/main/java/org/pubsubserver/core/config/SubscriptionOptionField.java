package org.pubsubserver.core.config;

import java.util.List;

/**
 * The {@code pubsub#subscribe_options} fields this service supports (XEP-0060 §17.4.2). Only fields whose
 * behaviour works are here.
 */
public enum SubscriptionOptionField implements FormFieldSpec {
    DELIVER("pubsub#deliver", FieldType.BOOLEAN, "Whether an entity wants to receive or disable notifications", "true"),
    DIGEST("pubsub#digest", FieldType.BOOLEAN, "Whether an entity wants to receive digests (aggregations) of"
            + " notifications or all notifications individually", "false"),
    DIGEST_FREQUENCY("pubsub#digest_frequency", FieldType.TEXT_SINGLE,
            "The minimum number of milliseconds between sending any two notification digests", "86400000"),
    INCLUDE_BODY("pubsub#include_body", FieldType.BOOLEAN,
            "Whether an entity wants to receive an XMPP message body in addition to the payload format", "false"),
    EXPIRE("pubsub#expire", FieldType.TEXT_SINGLE, "The DateTime at which a leased subscription will end or has ended", ""),
    /** Empty (the default) means any: no filtering by presence. */
    SHOW_VALUES("pubsub#show-values", FieldType.LIST_MULTI,
            "The presence states for which an entity wants to receive notifications", "");

    /** The presence states of show-values (XEP-0060 §17.4.2: RFC 6121 show values plus "online"). */
    public static final List<String> PRESENCE_STATES = List.of("away", "chat", "dnd", "online", "xa");

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
        return this == SHOW_VALUES ? PRESENCE_STATES : List.of();
    }

    @Override
    public String defaultValue() {
        return defaultValue;
    }

    @Override
    public String normalize(String value) {
        if (this == DIGEST_FREQUENCY) {
            String trimmed = value == null ? "" : value.trim();
            return FieldValues.isIntBetween(trimmed, 1, Integer.MAX_VALUE) ? trimmed : null;
        }
        if (this == EXPIRE) {
            String trimmed = value == null ? "" : value.trim();
            return trimmed.isEmpty() ? "" : FieldValues.dateTime(trimmed);
        }
        return FieldValues.normalize(type, options(), v -> true, value);
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
