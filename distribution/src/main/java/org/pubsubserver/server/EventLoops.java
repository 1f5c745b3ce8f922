package org.pubsubserver.server;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * Makes the server's event loop groups on one transport: Linux's epoll where Netty's native transport loads
 * (it writes from native memory with one system call, no NIO selector, and less memory per connection), else
 * NIO. {@code -Dio.netty.transport.noNative=true} in JAVA_OPTS forces NIO. The HTTP server and the component
 * link pick their channel classes to match the group they are given.
 */
final class EventLoops {
    private final boolean epoll;

    EventLoops() {
        this.epoll = Epoll.isAvailable();
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
