package org.pubsubserver.xmpp.notify;

import java.time.Duration;

/** Runs a task once after a delay (the I/O event loop in the server; by hand in tests). */
@FunctionalInterface
public interface Scheduler {
    void schedule(Runnable task, Duration delay);
}
