package org.pubsubserver.core.backup;

/** What an import or copy does with a target store that already has nodes. */
public enum ImportMode {
    /** Refuses a target that has any node: the usual restore, into a new store. */
    INTO_EMPTY,
    /**
     * Adds the export's nodes beside the target's. A node name that exists on both sides refuses the whole
     * import, naming every such node (nothing is changed): nodes are never merged into each other.
     */
    MERGE
}
