package org.pubsubserver.core.model;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.pubsubserver.core.config.InvalidConfigException;
import org.pubsubserver.core.config.SubscriptionOptionField;

/** A subscription's options (XEP-0060 §6.3): a checked value for every {@link SubscriptionOptionField}. */
public final class SubscriptionOptions {
    private static final SubscriptionOptions DEFAULTS = new SubscriptionOptions(defaultValues());

    private final Map<SubscriptionOptionField, String> values;

    private SubscriptionOptions(Map<SubscriptionOptionField, String> values) {
        this.values = Collections.unmodifiableMap(new EnumMap<>(values));
    }

    private static Map<SubscriptionOptionField, String> defaultValues() {
        Map<SubscriptionOptionField, String> values = new EnumMap<>(SubscriptionOptionField.class);
        for (SubscriptionOptionField field : SubscriptionOptionField.values()) {
            values.put(field, field.defaultValue());
        }
        return values;
    }

    /** The options of a subscription made without any (§6.4). */
    public static SubscriptionOptions defaults() {
        return DEFAULTS;
    }

    /** These options with the submitted fields changed; FORM_TYPE is ignored. */
    public SubscriptionOptions with(Map<String, String> submitted) throws InvalidConfigException {
        Map<SubscriptionOptionField, String> changed = new EnumMap<>(values);
        for (Map.Entry<String, String> entry : submitted.entrySet()) {
            if ("FORM_TYPE".equals(entry.getKey())) {
                continue;
            }
            SubscriptionOptionField field = SubscriptionOptionField.byVar(entry.getKey());
            if (field == null) {
                if (InvalidConfigException.isOff(entry.getValue())) {
                    continue; // e.g. pubsub#digest = 0: an unsupported option left off asks nothing
                }
                throw InvalidConfigException.unknown(entry.getKey());
            }
            String value = field.normalize(entry.getValue());
            if (value == null) {
                throw InvalidConfigException.notAcceptable(field.var(), entry.getValue());
            }
            changed.put(field, value);
        }
        return new SubscriptionOptions(changed);
    }

    /** Reads stored fields; unknown or unacceptable ones are skipped. */
    public static SubscriptionOptions fromStored(Map<String, String> stored) {
        Map<SubscriptionOptionField, String> values = defaultValues();
        stored.forEach((var, value) -> {
            SubscriptionOptionField field = SubscriptionOptionField.byVar(var);
            String normal = field == null ? null : field.normalize(value);
            if (normal != null) {
                values.put(field, normal);
            }
        });
        return new SubscriptionOptions(values);
    }

    public String value(SubscriptionOptionField field) {
        return values.get(field);
    }

    public Map<String, String> toFields() {
        Map<String, String> fields = new LinkedHashMap<>();
        values.forEach((field, value) -> fields.put(field.var(), value));
        return fields;
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

    /** When a leased subscription ends, if it is leased. */
    public Optional<Instant> expire() {
        String value = value(SubscriptionOptionField.EXPIRE);
        return value.isEmpty() ? Optional.empty() : Optional.of(Instant.parse(value));
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
