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
            "The presence states for which an entity wants to receive notifications", ""),
    /**
     * XEP-0248 §subscribe, on collections only: notifications of items in the leaves below, of nodes (new children,
     * associations, dissociations), or of both. The default is "items", not the "nodes" the XEP says it SHOULD be:
     * stock Smack (4.4, 4.5) cannot parse a node notification ({@code <create/>} or {@code <collection/>} in an
     * event: its EventProvider knows neither) and closes the connection, so node notifications go only to those
     * who ask for them; and a plain subscribe to a collection gets what clients subscribe for, its items.
     */
    SUBSCRIPTION_TYPE("pubsub#subscription_type", FieldType.LIST_SINGLE,
            "Receive notification of items, of nodes, or of both", "items"),
    /** XEP-0248 §subscribe: how many levels below the collection ("1" its children; "all" every descendant). */
    SUBSCRIPTION_DEPTH("pubsub#subscription_depth", FieldType.TEXT_SINGLE,
            "How far to traverse the node graph for notifications", "1");

    /** The deepest a collection hierarchy is followed (a bound on every walk through it; "all" means this). */
    public static final int MAX_DEPTH = 32;

    private final FieldDef def;

    SubscriptionOptionField(String var, FieldType type, String label, String defaultValue) {
        this.def = new FieldDef(var, type, label, type == FieldType.LIST_MULTI ? PresenceStates.ALL
                : "pubsub#subscription_type".equals(var) ? List.of("items", "nodes", "all") : List.of(), defaultValue);
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
        if (this == SUBSCRIPTION_DEPTH) {
            String trimmed = value == null ? "" : value.trim();
            return trimmed.equals("all") || FieldValues.isIntBetween(trimmed, 1, MAX_DEPTH) ? trimmed : null;
        }
        return FieldValues.normalize(def.type(), def.options(), v -> true, value);
    }
}
