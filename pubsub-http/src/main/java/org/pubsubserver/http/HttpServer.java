package org.pubsubserver.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.pubsubserver.core.access.StreamTokens;
import org.pubsubserver.core.engine.PubSubEngine;
import org.pubsubserver.http.publish.PublishCounts;
import org.pubsubserver.http.sse.SseStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The HTTP server: SSE streams of nodes at {@code /eventsource/{node}}. */
public final class HttpServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HttpServer.class);
    /** A stream whose unsent bytes pass the high mark is a client that does not keep up. */
    private static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(64 * 1024, 256 * 1024);
    /** The longest {@link #stop} waits for the streams' ends to be written; then it closes what is left. */
    static final Duration STREAMS_END_WAIT = Duration.ofSeconds(2);

    private final HttpSettings settings;
    private final PubSubEngine engine;
    private final SseStreams streams;
    private final EventLoopGroup group;
    private final ChannelGroup channels = new DefaultChannelGroup("http", GlobalEventExecutor.INSTANCE);
    private Channel serverChannel;

    private final StreamTokens tokens;
    private final PublishCounts publishCounts = new PublishCounts();

    /** {@code tokens}: verifies the tokens that let a page read streams of nodes that are not open as a JID. */
    public HttpServer(HttpSettings settings, PubSubEngine engine, SseStreams streams, EventLoopGroup group,
                      StreamTokens tokens) {
        this.tokens = tokens;
        this.settings = settings;
        this.engine = engine;
        this.streams = streams;
        this.group = group;
    }

    /** The publishes over HTTP by answer, for the metrics. */
    public PublishCounts publishCounts() {
        return publishCounts;
    }

    /** Binds the port; returns the address actually bound (port 0 picks a free one). */
    public InetSocketAddress start() throws InterruptedException {
        serverChannel = new ServerBootstrap()
                .group(group)
                .channel(serverChannelFor(group))
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new HttpChannelInitializer(engine, streams, settings, channels, tokens, publishCounts))
                .bind(settings.bindAddress(), settings.port())
                .sync()
                .channel();
        InetSocketAddress bound = (InetSocketAddress) serverChannel.localAddress();
        LOG.info("HTTP listening on {}:{} for hosts {}", bound.getHostString(), bound.getPort(), settings.hosts());
        return bound;
    }

    /**
     * The listening socket's class for the group's transport: epoll's where the group's loops are epoll's (a
     * group, or one of its loops), else NIO's.
     */
    static Class<? extends ServerChannel> serverChannelFor(EventLoopGroup group) {
        return group.next().parent() instanceof EpollEventLoopGroup
                ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    /**
     * Stops accepting, ends every stream (the end of its body, then its close: a client tells that from a cut
     * connection), waiting at most {@link #STREAMS_END_WAIT} for them, and closes every open connection.
     */
    public void stop() {
        if (serverChannel != null) {
            serverChannel.close().syncUninterruptibly();
        }
        long deadline = System.nanoTime() + STREAMS_END_WAIT.toNanos();
        for (ChannelFuture closed : streams.endAll()) {
            closed.awaitUninterruptibly(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
        channels.close().awaitUninterruptibly();
    }

    @Override
    public void close() {
        stop();
    }
}
