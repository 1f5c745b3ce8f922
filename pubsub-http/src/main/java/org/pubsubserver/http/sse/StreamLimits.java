package org.pubsubserver.http.sse;

import io.netty.channel.Channel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many streams may be open in all and from one address. A stream takes its place before it is opened
 * and gives it back when its connection closes; past a limit the request is answered 503 with Retry-After.
 */
public final class StreamLimits {
    private final int maxStreams;
    private final int maxPerAddress;
    private final AtomicInteger open = new AtomicInteger();
    private final Map<InetAddress, Integer> byAddress = new ConcurrentHashMap<>();

    /** 0 for either limit means none. */
    public StreamLimits(int maxStreams, int maxPerAddress) {
        this.maxStreams = maxStreams;
        this.maxPerAddress = maxPerAddress;
    }

    /** Takes a place for a stream on {@code channel}, released when it closes; false when a limit is reached. */
    boolean reserve(Channel channel) {
        if (open.incrementAndGet() > maxStreams && maxStreams > 0) {
            open.decrementAndGet();
            return false;
        }
        InetAddress address = addressOf(channel.remoteAddress());
        if (address != null) {
            boolean[] taken = {false};
            byAddress.compute(address, (a, count) -> {
                int now = count == null ? 0 : count;
                if (maxPerAddress > 0 && now >= maxPerAddress) {
                    return count;
                }
                taken[0] = true;
                return now + 1;
            });
            if (!taken[0]) {
                open.decrementAndGet();
                return false;
            }
        }
        channel.closeFuture().addListener(closed -> release(address));
        return true;
    }

    private void release(InetAddress address) {
        open.decrementAndGet();
        if (address != null) {
            byAddress.computeIfPresent(address, (a, count) -> count <= 1 ? null : count - 1);
        }
    }

    /** Streams open now. */
    public int open() {
        return open.get();
    }

    private static InetAddress addressOf(SocketAddress remote) {
        return remote instanceof InetSocketAddress socket ? socket.getAddress() : null;
    }
}
