package org.pubsubserver.core.store;

/**
 * The store cannot be opened, for a reason the operator fixes (the database is unreachable, refuses the account,
 * holds a schema from a newer version, the file is in use): the message is one sentence that says what to fix.
 */
public final class StoreOpenException extends StoreException {
    private static final long serialVersionUID = 1L;

    public StoreOpenException(String message, Throwable cause) {
        super(message, cause);
    }
}
