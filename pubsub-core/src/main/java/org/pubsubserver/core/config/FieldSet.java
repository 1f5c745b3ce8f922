package org.pubsubserver.core.config;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A checked value for every field of an enum of form fields: what node configuration and subscription
 * options both are. Immutable; {@link #with} gives a changed copy.
 */
public final class FieldSet<F extends Enum<F> & FormFieldSpec> {
    private final Class<F> fields;
    private final Map<F, String> values;

    private FieldSet(Class<F> fields, Map<F, String> values) {
        this.fields = fields;
        this.values = Collections.unmodifiableMap(new EnumMap<>(values));
    }

    /** Every field at its default. */
    public static <F extends Enum<F> & FormFieldSpec> FieldSet<F> defaults(Class<F> fields) {
        Map<F, String> values = new EnumMap<>(fields);
        for (F field : fields.getEnumConstants()) {
            values.put(field, field.defaultValue());
        }
        return new FieldSet<>(fields, values);
    }

    /**
     * These values with the submitted fields (var to value) changed; FORM_TYPE is ignored, and so is a field
     * the service does not support when its value asks for nothing (empty, 0, false). Throws for any other
     * unsupported field or a value that is not acceptable.
     */
    public FieldSet<F> with(Map<String, String> submitted) throws InvalidConfigException {
        Map<F, String> changed = new EnumMap<>(values);
        for (Map.Entry<String, String> entry : submitted.entrySet()) {
            if ("FORM_TYPE".equals(entry.getKey())) {
                continue;
            }
            F field = byVar(entry.getKey());
            if (field == null) {
                if (InvalidConfigException.isOff(entry.getValue())) {
                    continue;
                }
                throw InvalidConfigException.unknown(entry.getKey());
            }
            String value = field.normalize(entry.getValue());
            if (value == null) {
                throw InvalidConfigException.notAcceptable(field.var(), entry.getValue());
            }
            changed.put(field, value);
        }
        return new FieldSet<>(fields, changed);
    }

    /** Reads stored values: unknown or no longer acceptable ones are skipped, missing ones keep the defaults. */
    public FieldSet<F> withStored(Map<String, String> stored) {
        Map<F, String> changed = new EnumMap<>(values);
        stored.forEach((var, value) -> {
            F field = byVar(var);
            String normal = field == null ? null : field.normalize(value);
            if (normal != null) {
                changed.put(field, normal);
            }
        });
        return new FieldSet<>(fields, changed);
    }

    public String value(F field) {
        return values.get(field);
    }

    /** Every field's value by var, in the enum's order. */
    public Map<String, String> toFields() {
        Map<String, String> out = new LinkedHashMap<>();
        values.forEach((field, value) -> out.put(field.var(), value));
        return out;
    }

    private F byVar(String var) {
        for (F field : fields.getEnumConstants()) {
            if (field.var().equals(var)) {
                return field;
            }
        }
        return null;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof FieldSet<?> set && set.values.equals(values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return toFields().toString();
    }
}
