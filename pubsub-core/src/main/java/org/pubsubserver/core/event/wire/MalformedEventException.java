package org.pubsubserver.core.event.wire;

/**
 * Bytes that are not an event in a format this build reads: an unknown format version or kind, too few
 * bytes, bytes left over, or a value that does not parse (a JID, an enum code, a negative count).
 */
public final class MalformedEventException extends Exception {
    private static final long serialVersionUID = 1L;

    MalformedEventException(String message) {
        super(message);
    }

    MalformedEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
