package org.pubsubserver.core.config;

import java.util.List;
import org.pubsubserver.core.model.SubscriptionOptions;

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

    private final FieldDef def;

    SubscriptionOptionField(String var, FieldType type, String label, String defaultValue) {
        this.def = new FieldDef(var, type, label, type == FieldType.LIST_MULTI ? PresenceStates.ALL : List.of(),
                defaultValue);
    }

    @Override
    public FieldDef def() {
        return def;
    }

    @Override
    public String normalize(String value) {
        if (this == DIGEST_FREQUENCY) {
            String trimmed = value == null ? "" : value.trim();
            return FieldValues.isIntBetween(trimmed, 1, Integer.MAX_VALUE) ? trimmed : null;
        }
        if (this == EXPIRE) {
            String trimmed = value == null ? "" : value.trim();
            // a DateTime (a lease, §13.17), or "presence": until the subscriber goes offline (§13.5)
            return trimmed.isEmpty() || trimmed.equals(SubscriptionOptions.UNTIL_OFFLINE) ? trimmed
                    : FieldValues.dateTime(trimmed);
        }
        return FieldValues.normalize(def.type(), def.options(), v -> true, value);
    }
}
