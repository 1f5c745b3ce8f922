package org.pubsubserver.core.store;

/** A store operation failed (I/O, constraint, database down). The engine answers internal-server-error. */
public class StoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
