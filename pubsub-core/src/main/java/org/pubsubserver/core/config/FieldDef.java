package org.pubsubserver.core.config;

import java.util.List;

/** What defines a form field: var, type, label, the options of a list field, and the default value. */
public record FieldDef(String var, FieldType type, String label, List<String> options, String defaultValue) {
    public FieldDef {
        options = List.copyOf(options);
    }
}
