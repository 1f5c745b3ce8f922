package org.pubsubserver.xmpp.notify;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/** Unique ids for notification messages: a random prefix per process and a counter. */
final class MessageIds {
    private final String prefix = UUID.randomUUID().toString().substring(0, 8) + "-";
    private final AtomicLong counter = new AtomicLong();

    String next() {
        return prefix + Long.toString(counter.incrementAndGet(), 36);
    }
}
