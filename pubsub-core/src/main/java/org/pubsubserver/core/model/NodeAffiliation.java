package org.pubsubserver.core.model;

import java.util.Objects;

/** An entity's affiliation with one node, as listed by XEP-0060 §5.7. */
public record NodeAffiliation(String node, Affiliation affiliation) {
    public NodeAffiliation {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(affiliation, "affiliation");
    }
}
