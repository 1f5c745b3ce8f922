package org.pubsubserver.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Many EventSource connections to one node's stream, held by one Netty event loop so that the load
 * generator's own CPU stays small: each reads the raw response (status line, headers, chunked SSE text)
 * and counts the benchmark payloads in it, recording publish-to-event latency from the send time each
 * payload carries. Connections leave from several 127.0.0.x source addresses, so that their number is not
 * bounded by one address's ephemeral ports. A share of them can be told to stop reading, as stalled
 * clients do.
 */
final class SseClients implements AutoCloseable {
    private final EventLoopGroup loop;
    private final Class<? extends SocketChannel> channelClass;
    private final ConcurrentLinkedQueue<Channel> open = new ConcurrentLinkedQueue<>();
    private final AtomicInteger streaming = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();
    private final AtomicInteger closed = new AtomicInteger();
    private final LongAdder events = new LongAdder();
    private final Latency latency;

    SseClients(int threads, Latency latency) {
        // the driver reads on epoll where it loads, as the server does: less of the shared machine for the load
        boolean epoll = Epoll.isAvailable();
        this.loop = epoll ? new EpollEventLoopGroup(threads) : new NioEventLoopGroup(threads);
        this.channelClass = epoll ? EpollSocketChannel.class : NioSocketChannel.class;
        this.latency = latency;
    }

    /**
     * Opens {@code count} streams of {@code path} with this Host header, spread over {@code sourceAddresses}
     * addresses 127.0.0.2, 127.0.0.3, ...; returns once every connection attempt has finished.
     */
    void open(int count, String host, int port, String path, int sourceAddresses) throws InterruptedException {
        byte[] request = ("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nAccept: text/event-stream\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        Bootstrap bootstrap = new Bootstrap().group(loop).channel(channelClass)
                .option(ChannelOption.SO_REUSEADDR, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline().addLast(new Stream(request));
                    }
                });
        InetSocketAddress server = new InetSocketAddress("127.0.0.1", port);
        List<ChannelFuture> pending = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            InetSocketAddress source = new InetSocketAddress("127.0.0." + (2 + i % sourceAddresses), 0);
            pending.add(bootstrap.connect(server, source));
            if (pending.size() == 500) {
                awaitAll(pending);
            }
        }
        awaitAll(pending);
    }

    private void awaitAll(List<ChannelFuture> pending) throws InterruptedException {
        for (ChannelFuture future : pending) {
            future.await(30, TimeUnit.SECONDS);
            if (future.isSuccess()) {
                open.add(future.channel());
            } else {
                refused.incrementAndGet();
            }
        }
        pending.clear();
    }

    /** Waits until {@code count} streams have had their 200 answer, or the time is up; returns how many have. */
    int awaitStreaming(int count, long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (streaming.get() < count && System.nanoTime() < deadline && streaming.get() + refused.get() < count) {
            Thread.sleep(20);
        }
        return streaming.get();
    }

    /** Every {@code nth} open stream stops reading from now on (its socket buffers fill up). */
    int stallEvery(int nth) {
        int stalled = 0;
        int index = 0;
        for (Channel channel : open) {
            if (index++ % nth == 0) {
                channel.config().setAutoRead(false);
                stalled++;
            }
        }
        return stalled;
    }

    long events() {
        return events.sum();
    }

    int streaming() {
        return streaming.get();
    }

    /** Streams the server (or the network) has closed. */
    int closed() {
        return closed.get();
    }

    int refused() {
        return refused.get();
    }

    @Override
    public void close() {
        loop.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
    }

    /** One stream: sends the request, checks the status line, counts the payloads. */
    private final class Stream extends ChannelInboundHandlerAdapter {
        private final byte[] request;
        private final TagScanner scanner;
        private byte[] chunk = new byte[8 * 1024];
        private boolean headed;

        Stream(byte[] request) {
            this.request = request;
            this.scanner = new TagScanner((bytes, from, to) -> {
                if (TagScanner.named(bytes, from, to, "tick")) {
                    int at = TagScanner.attribute(bytes, from, to, "t");
                    if (at >= 0) {
                        latency.record(System.nanoTime() - TagScanner.number(bytes, at, to));
                        events.increment();
                    }
                }
            });
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            ctx.writeAndFlush(Unpooled.wrappedBuffer(request));
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object message) {
            ByteBuf data = (ByteBuf) message;
            try {
                int length = data.readableBytes();
                if (chunk.length < length) {
                    chunk = new byte[length];
                }
                data.readBytes(chunk, 0, length);
                if (!headed) {
                    String head = new String(chunk, 0, Math.min(length, 16), StandardCharsets.US_ASCII);
                    if (!head.startsWith("HTTP/1.1 200")) {
                        refused.incrementAndGet();
                        ctx.close();
                        return;
                    }
                    headed = true;
                    streaming.incrementAndGet();
                }
                scanner.feed(chunk, 0, length);
            } finally {
                data.release();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            closed.incrementAndGet();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
