package org.pubsubserver.core.store;

/**
 * Group commit: the store calls one thread makes between {@link #begin} and {@link #commit} share one
 * transaction, so that one commit (one write of the database file) makes several requests durable. Each
 * store call inside stays all-or-nothing on its own; what the caller must add is to acknowledge none of
 * them before {@link #commit} has returned.
 */
public interface GroupCommit {
    /** A store whose calls commit one by one: begin and commit do nothing. */
    GroupCommit NONE = new GroupCommit() {
        @Override
        public void begin() {
        }

        @Override
        public void commit() {
        }
    };

    /** Opens a group on the calling thread; its store calls join it until {@link #commit}. */
    void begin();

    /**
     * The group's next piece of work starts; it was handed over at {@code submittedNanos} ({@link System#nanoTime}).
     * What the store checked in the group after that moment (a cached node's version) holds for it: it saw every
     * commit that could have come before the work was asked for.
     */
    default void nextWork(long submittedNanos) {
    }

    /**
     * Commits the calling thread's group and closes it. Throws {@link StoreException} when the commit fails;
     * then nothing of the group is kept.
     */
    void commit();
}
