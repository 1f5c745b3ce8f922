package org.pubsubserver.bench;

import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;

/**
 * Publishes over HTTP ({@code POST /pubsub_post/<node>}) for the direct benchmark, from one Netty event loop (on
 * epoll where there is one, as {@link SseClients} reads) so that the driver's own CPU stays small. The driver keeps
 * its window of requests in flight; each answer is reported with the driver's number of the publish.
 */
interface HttpPublisher extends AutoCloseable {
    /** Receives each answer on the event loop: its status, or {@link #FAILED} when the request got none. */
    interface Answers {
        void answered(int seq, int status);
    }

    /** The status reported for a request that got no answer (its connection or stream failed). */
    int FAILED = -1;

    /**
     * Sends {@code body} to {@code path}; may wait for a connection to be free. The body's buffer is the
     * publisher's from then on.
     */
    void publish(int seq, String path, ByteBuf body) throws InterruptedException;

    /** The requests' headers but for the path: who and what. */
    record Target(String host, int port, String authorization, String contentType) {
    }

    /** One event loop thread: epoll where it is available, as the server's. */
    static EventLoopGroup loop() {
        return Epoll.isAvailable() ? new EpollEventLoopGroup(1) : new NioEventLoopGroup(1);
    }

    static Class<? extends SocketChannel> channelClass() {
        return Epoll.isAvailable() ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    @Override
    void close();
}
