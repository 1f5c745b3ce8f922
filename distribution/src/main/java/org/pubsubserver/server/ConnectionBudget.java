package org.pubsubserver.server;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.util.OptionalLong;

/**
 * {@code http.max-connections = auto}: as many HTTP connections as the process's open-files limit allows, with
 * room kept for what else needs files (the database, the XMPP link, jars, logs). Past the limit a new connection
 * is closed at once, instead of the process running out of files, which would also stop the link from reconnecting.
 */
final class ConnectionBudget {
    /** Files kept for everything but HTTP connections, at least. */
    static final long RESERVED_FILES = 128;

    private ConnectionBudget() {
    }

    /** The derived limit for {@code openFilesLimit}: a tenth of it, and at least {@link #RESERVED_FILES}, kept back. */
    static int fromOpenFilesLimit(long openFilesLimit) {
        long kept = Math.max(RESERVED_FILES, openFilesLimit / 10);
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, openFilesLimit - kept));
    }

    /** This process's open-files limit, where the platform tells it (Unix). */
    static OptionalLong openFilesLimit() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix && unix.getMaxFileDescriptorCount() > 0) {
            return OptionalLong.of(unix.getMaxFileDescriptorCount());
        }
        return OptionalLong.empty();
    }
}
