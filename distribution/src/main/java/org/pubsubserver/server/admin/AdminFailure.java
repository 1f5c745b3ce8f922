package org.pubsubserver.server.admin;

/** Why an admin command did nothing, as a sentence for the operator, with the command's exit status. */
final class AdminFailure extends RuntimeException {
    /** Bad input: an unknown node, a file that is not an export, a target store that is not empty. */
    static final int BAD_INPUT = 1;
    /** The configuration could not be read. */
    static final int CONFIG = 2;
    /** The server or the store could not be reached. */
    static final int UNREACHABLE = 3;

    private final int exitCode;

    AdminFailure(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    AdminFailure(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }
}
