package org.pubsubserver.core.model;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.pubsubserver.core.config.FieldSet;
import org.pubsubserver.core.config.InvalidConfigException;
import org.pubsubserver.core.config.SubscriptionOptionField;

/** A subscription's options (XEP-0060 §6.3): a checked value for every {@link SubscriptionOptionField}. */
public final class SubscriptionOptions {
    private static final SubscriptionOptions DEFAULTS =
            new SubscriptionOptions(FieldSet.defaults(SubscriptionOptionField.class));

    private final FieldSet<SubscriptionOptionField> values;

    private SubscriptionOptions(FieldSet<SubscriptionOptionField> values) {
        this.values = values;
    }

    /** The options of a subscription made without any (§6.4). */
    public static SubscriptionOptions defaults() {
        return DEFAULTS;
    }

    /** These options with the submitted fields changed; see {@link FieldSet#with}. */
    public SubscriptionOptions with(Map<String, String> submitted) throws InvalidConfigException {
        return new SubscriptionOptions(values.with(submitted));
    }

    /** Reads stored fields; unknown or unacceptable ones are skipped. */
    public static SubscriptionOptions fromStored(Map<String, String> stored) {
        return new SubscriptionOptions(DEFAULTS.values.withStored(stored));
    }

    public String value(SubscriptionOptionField field) {
        return values.value(field);
    }

    public Map<String, String> toFields() {
        return values.toFields();
    }

    /** False when the subscriber turned notifications off (pubsub#deliver). */
    public boolean deliver() {
        return Boolean.parseBoolean(value(SubscriptionOptionField.DELIVER));
    }

    /** Whether item notifications are collected and sent as one digest (pubsub#digest). */
    public boolean digest() {
        return Boolean.parseBoolean(value(SubscriptionOptionField.DIGEST));
    }

    /** The least time between two digests (pubsub#digest_frequency). */
    public Duration digestFrequency() {
        return Duration.ofMillis(Long.parseLong(value(SubscriptionOptionField.DIGEST_FREQUENCY)));
    }

    public boolean includeBody() {
        return Boolean.parseBoolean(value(SubscriptionOptionField.INCLUDE_BODY));
    }

    /** The presence states notifications are wanted in; empty for any (no filtering by presence). */
    public List<String> showValues() {
        return value(SubscriptionOptionField.SHOW_VALUES).lines().toList();
    }

    /** XEP-0248: whether a subscription to a collection is told of items published in the leaves below it. */
    public boolean itemsOfCollection() {
        return !value(SubscriptionOptionField.SUBSCRIPTION_TYPE).equals("nodes");
    }

    /** XEP-0248: whether a subscription to a collection is told of nodes added to or removed from it. */
    public boolean nodesOfCollection() {
        return !value(SubscriptionOptionField.SUBSCRIPTION_TYPE).equals("items");
    }

    /** XEP-0248 pubsub#subscription_depth: how many levels below the collection it reaches ("all": the bound). */
    public int depth() {
        String value = value(SubscriptionOptionField.SUBSCRIPTION_DEPTH);
        return value.equals("all") ? SubscriptionOptionField.MAX_DEPTH : Integer.parseInt(value);
    }

    /** The pubsub#expire value of a temporary subscription (XEP-0060 §13.5). */
    public static final String UNTIL_OFFLINE = "presence";

    /** When a leased subscription ends, if it is leased. */
    public Optional<Instant> expire() {
        String value = value(SubscriptionOptionField.EXPIRE);
        return value.isEmpty() || value.equals(UNTIL_OFFLINE) ? Optional.empty() : Optional.of(Instant.parse(value));
    }

    /** True for a temporary subscription: it ends when the subscriber goes offline (§13.5). */
    public boolean endsWhenOffline() {
        return UNTIL_OFFLINE.equals(value(SubscriptionOptionField.EXPIRE));
    }

    /** True when the lease has ended at {@code now}. */
    public boolean expiredAt(Instant now) {
        return expire().map(end -> !end.isAfter(now)).orElse(false);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SubscriptionOptions options && options.values.equals(values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return "SubscriptionOptions" + toFields();
    }
}
