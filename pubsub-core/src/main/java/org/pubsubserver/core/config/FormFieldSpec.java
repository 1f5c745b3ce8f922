package org.pubsubserver.core.config;

import java.util.List;

/** A data form field the service offers: its var, type, label, options and default, and how values are checked. */
public interface FormFieldSpec {
    String var();

    FieldType type();

    String label();

    /** The values a list field accepts; empty for other types. */
    List<String> options();

    String defaultValue();

    /** The value in its normal form ("1" becomes "true" for a boolean), or null when it is not acceptable. */
    String normalize(String value);
}
