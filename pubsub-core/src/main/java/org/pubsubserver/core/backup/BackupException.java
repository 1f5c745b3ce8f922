package org.pubsubserver.core.backup;

/**
 * An export, import or copy that could not be done, with a message that says why and what to do, for an
 * administrator to read as it is. An import or copy that throws it changed nothing in the target store.
 */
public final class BackupException extends RuntimeException {
    public BackupException(String message) {
        super(message);
    }

    public BackupException(String message, Throwable cause) {
        super(message, cause);
    }
}
