package org.pubsubserver.core.config;

import java.util.List;

/** A data form field the service offers: its definition, and how values are checked. */
public interface FormFieldSpec {
    FieldDef def();

    /** The value in its normal form ("1" becomes "true" for a boolean), or null when it is not acceptable. */
    String normalize(String value);

    default String var() {
        return def().var();
    }

    default FieldType type() {
        return def().type();
    }

    default String label() {
        return def().label();
    }

    /** The values a list field accepts; empty for other types. */
    default List<String> options() {
        return def().options();
    }

    default String defaultValue() {
        return def().defaultValue();
    }
}
