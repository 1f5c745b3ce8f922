package org.pubsubserver.core.config;

/** The XEP-0004 field types the node configuration uses. */
public enum FieldType {
    BOOLEAN("boolean"),
    TEXT_SINGLE("text-single"),
    TEXT_MULTI("text-multi"),
    LIST_SINGLE("list-single"),
    LIST_MULTI("list-multi"),
    JID_MULTI("jid-multi");

    private final String value;

    FieldType(String value) {
        this.value = value;
    }

    /** The type attribute's value, e.g. {@code text-single}. */
    public String value() {
        return value;
    }
}
