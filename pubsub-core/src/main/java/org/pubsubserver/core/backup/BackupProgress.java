package org.pubsubserver.core.backup;

/**
 * Told how an export, import or copy goes, for a progress bar: the totals first (counted in the export's snapshot;
 * an import reads them from the export's header, -1 where unknown), then a tick per item and per node as each is
 * written. Called on the thread doing the work; keep it cheap.
 */
public interface BackupProgress {
    /** Tells nothing. */
    BackupProgress NONE = new BackupProgress() {
    };

    /** The work begins: {@code nodes} and {@code items} in all, or -1 when not known. */
    default void started(long nodes, long items) {
    }

    /** One more item done. */
    default void item() {
    }

    /** The node {@code name} is done, with its items. */
    default void node(String name) {
    }

    /** Everything was written (and, for an import or copy, committed). */
    default void finished(BackupSummary summary) {
    }
}
