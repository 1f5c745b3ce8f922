package org.pubsubserver.xmpp.link;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.TimeUnit;

/** Holds reconnect attempts until the test runs them, so the delays can be checked without waiting them out. */
final class RecordingScheduler implements ReconnectScheduler {
    record Scheduled(Runnable task, Duration delay) {
    }

    private final BlockingQueue<Scheduled> scheduled = new LinkedTransferQueue<>();

    @Override
    public Runnable schedule(Runnable task, Duration delay) {
        Scheduled entry = new Scheduled(task, delay);
        scheduled.add(entry);
        return () -> scheduled.remove(entry);
    }

    /** The next scheduled attempt; fails the test if none is scheduled in time. */
    Scheduled next() throws InterruptedException {
        Scheduled next = scheduled.poll(FakeXmppServer.WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(next).as("a scheduled reconnect").isNotNull();
        return next;
    }

    boolean isEmpty() {
        return scheduled.isEmpty();
    }
}
