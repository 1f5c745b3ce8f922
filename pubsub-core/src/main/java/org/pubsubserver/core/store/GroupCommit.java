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
     * Commits the calling thread's group and closes it. Throws {@link StoreException} when the commit fails;
     * then nothing of the group is kept.
     */
    void commit();
}
