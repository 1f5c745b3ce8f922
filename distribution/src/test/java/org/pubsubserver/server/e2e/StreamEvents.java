package org.pubsubserver.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.launchdarkly.eventsource.EventSource;
import com.launchdarkly.eventsource.MessageEvent;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** What the end-to-end tests of several instances read from EventSource clients, and the ports they pick. */
final class StreamEvents {
    private StreamEvents() {
    }

    /**
     * Starts {@code source} and puts every event it gets into {@code events}, in the background, until it is closed
     * (its stream's server went away, or the test closed it): the test reads what arrived. Returns {@code events}.
     */
    static BlockingQueue<MessageEvent> collect(EventSource source, BlockingQueue<MessageEvent> events) {
        CompletableFuture.runAsync(() -> {
            try {
                for (MessageEvent event : source.messages()) { // starts the stream
                    events.add(event);
                }
            } catch (Exception e) {
                // closed: the test reads what arrived
            }
        });
        return events;
    }

    /** The next {@code count} default ("message") events, failing when they do not come within 20 s. */
    static List<MessageEvent> take(BlockingQueue<MessageEvent> events, int count) throws InterruptedException {
        List<MessageEvent> taken = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (taken.size() < count && System.nanoTime() < deadline) {
            MessageEvent event = events.poll(200, TimeUnit.MILLISECONDS);
            if (event != null && event.getEventName().equals("message")) {
                taken.add(event);
            }
        }
        assertThat(taken).as("events within 20 s").hasSize(count);
        return taken;
    }

    /** The text of a published {@code <entry>}: the tests publish their item ids as it. */
    static String itemOf(MessageEvent event) {
        String data = event.getData();
        int start = data.indexOf('>') + 1;
        return data.substring(start, data.indexOf('<', start));
    }

    /** A port free on loopback now. */
    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
