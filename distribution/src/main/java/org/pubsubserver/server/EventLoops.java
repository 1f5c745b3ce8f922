package org.pubsubserver.server;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the server's event loop groups on one transport: Linux's epoll where Netty's native transport loads
 * (the distribution carries it for x86-64 and ARM64; it writes from native memory with one system call, has
 * no NIO selector, and holds less per connection), else NIO. {@code -Dio.netty.transport.noNative=true} in
 * JAVA_OPTS forces NIO. The HTTP server and the component link pick their channel classes to match the
 * group they are given.
 */
final class EventLoops {
    private static final Logger LOG = LoggerFactory.getLogger(EventLoops.class);
    private final boolean epoll;

    EventLoops() {
        this.epoll = Epoll.isAvailable();
        if (!epoll && System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
            LOG.info("Netty's epoll transport did not load ({}): network I/O runs on NIO",
                    Epoll.unavailabilityCause().toString());
        }
    }

    /** The transport's name, for the startup log. */
    String transport() {
        return epoll ? "epoll" : "NIO";
    }

    /** A group of {@code threads} event loops whose threads are named {@code name}-N-M. */
    EventLoopGroup group(int threads, String name) {
        DefaultThreadFactory factory = new DefaultThreadFactory(name);
        return epoll ? new EpollEventLoopGroup(threads, factory) : new NioEventLoopGroup(threads, factory);
    }
}
