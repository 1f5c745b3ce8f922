package org.pubsubserver.xmpp.link;

import java.time.Duration;

/** Runs the next connection attempt after a delay; replaceable so tests can see and control the delays. */
@FunctionalInterface
interface ReconnectScheduler {

    /** Schedules the task; returns an action that cancels it. */
    Runnable schedule(Runnable task, Duration delay);
}
