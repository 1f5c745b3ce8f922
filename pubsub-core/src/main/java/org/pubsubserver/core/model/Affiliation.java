package org.pubsubserver.core.model;

/** An entity's affiliation with a node (XEP-0060 §4.1). */
public enum Affiliation {
    OWNER("owner"),
    PUBLISHER("publisher"),
    PUBLISH_ONLY("publish-only"),
    MEMBER("member"),
    NONE("none"),
    OUTCAST("outcast");

    private final String value;

    Affiliation(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }

    /** Owners, publishers and publish-only entities may publish under the "publishers" model (§4.1 table). */
    public boolean mayPublish() {
        return this == OWNER || this == PUBLISHER || this == PUBLISH_ONLY;
    }

    public static Affiliation fromValue(String value) {
        for (Affiliation affiliation : values()) {
            if (affiliation.value.equals(value)) {
                return affiliation;
            }
        }
        throw new IllegalArgumentException("unknown affiliation: " + value);
    }
}
