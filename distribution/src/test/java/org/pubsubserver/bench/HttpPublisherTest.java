package org.pubsubserver.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The benchmark's HTTP clients against a server that holds its answers until told: how many requests each keeps
 * in flight, and on how many connections.
 */
class HttpPublisherTest {
    private static final int PUBLISHES = 5;

    private final EventLoopGroup serverLoop = new NioEventLoopGroup(1);
    private final Map<Integer, Integer> answers = new ConcurrentHashMap<>();
    private final AtomicInteger connections = new AtomicInteger();
    /** Requests received and not answered yet: each answers 202 when run. */
    private final List<Runnable> held = new CopyOnWriteArrayList<>();
    private volatile boolean holding = true;

    @AfterEach
    void stopServer() {
        serverLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
    }

    @Test
    void http1KeepsOneRequestInFlightOnEachConnection() throws Exception {
        int port = serve(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel channel) {
                connections.incrementAndGet();
                channel.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(1 << 16),
                        new ChannelInboundHandlerAdapter() {
                            @Override
                            public void channelRead(ChannelHandlerContext ctx, Object message) {
                                ReferenceCountUtil.release(message);
                                DefaultFullHttpResponse accepted = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                                        HttpResponseStatus.ACCEPTED, Unpooled.copiedBuffer("{}", StandardCharsets.UTF_8));
                                accepted.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, 2);
                                hold(() -> ctx.writeAndFlush(accepted));
                            }
                        });
            }
        });
        try (Http1Publisher publisher = new Http1Publisher(target(port), 3, answers::put)) {
            Thread publishing = publishInBackground(publisher);

            await(() -> held.size() == 3);
            assertThat(publishing.isAlive()).as("waiting for a free connection").isTrue();
            release();
            publishing.join(10_000);
            await(() -> answers.size() == PUBLISHES);
        }
        assertThat(answers).containsOnlyKeys(0, 1, 2, 3, 4).allSatisfy((seq, status) -> assertThat(status).isEqualTo(202));
        assertThat(connections).hasValue(3);
    }

    @Test
    void http2CarriesConcurrentStreamsOnOneConnectionUpToTheServersLimit() throws Exception {
        int port = serve(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel channel) {
                connections.incrementAndGet();
                channel.pipeline().addLast(
                        Http2FrameCodecBuilder.forServer().initialSettings(Http2Settings.defaultSettings()
                                .maxConcurrentStreams(3)).build(),
                        new Http2MultiplexHandler(new ChannelInitializer<Channel>() {
                            @Override
                            protected void initChannel(Channel stream) {
                                stream.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                                    @Override
                                    public void channelRead(ChannelHandlerContext ctx, Object message) {
                                        boolean ended = message instanceof Http2DataFrame data && data.isEndStream()
                                                || message instanceof Http2HeadersFrame headers && headers.isEndStream();
                                        ReferenceCountUtil.release(message);
                                        if (ended) {
                                            hold(() -> ctx.writeAndFlush(new DefaultHttp2HeadersFrame(
                                                    new DefaultHttp2Headers().status("202"), true)));
                                        }
                                    }
                                });
                            }
                        }));
            }
        });
        try (Http2Publisher publisher = new Http2Publisher(target(port), answers::put)) {
            Thread publishing = publishInBackground(publisher);

            await(() -> held.size() == 3);
            assertThat(publishing.isAlive()).as("waiting for a stream").isTrue();
            release();
            publishing.join(10_000);
            await(() -> answers.size() == PUBLISHES);
            assertThat(publisher.maxStreams()).isEqualTo(3);
        }
        assertThat(answers).containsOnlyKeys(0, 1, 2, 3, 4).allSatisfy((seq, status) -> assertThat(status).isEqualTo(202));
        assertThat(connections).hasValue(1);
    }

    private int serve(ChannelInitializer<SocketChannel> initializer) throws InterruptedException {
        Channel listener = new ServerBootstrap().group(serverLoop).channel(NioServerSocketChannel.class)
                .childHandler(initializer).bind("127.0.0.1", 0).sync().channel();
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    private static HttpPublisher.Target target(int port) {
        return new HttpPublisher.Target("pubsub.localhost:" + port, port, "Bearer t", "application/xml");
    }

    /** Answers now, or once released (on the server's event loop, where both happen). */
    private void hold(Runnable answer) {
        if (holding) {
            held.add(answer);
        } else {
            answer.run();
        }
    }

    private void release() {
        serverLoop.execute(() -> {
            holding = false;
            held.forEach(Runnable::run);
            held.clear();
        });
    }

    private static Thread publishInBackground(HttpPublisher publisher) {
        Thread thread = new Thread(() -> {
            try {
                for (int seq = 0; seq < PUBLISHES; seq++) {
                    publisher.publish(seq, "/pubsub_post/bench", Unpooled.copiedBuffer("<tick/>", StandardCharsets.UTF_8));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        thread.start();
        return thread;
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("deadline").isLessThan(deadline);
            Thread.sleep(5);
        }
    }
}
