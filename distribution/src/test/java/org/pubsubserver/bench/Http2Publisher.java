package org.pubsubserver.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2SettingsFrame;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.handler.codec.http2.Http2StreamFrame;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * HTTP/2 without TLS (h2c, by prior knowledge: the connection starts with HTTP/2's preface) on one connection, each
 * publish a stream of its own: the window's requests are concurrent streams on that connection, as many as the
 * server's SETTINGS_MAX_CONCURRENT_STREAMS allows (Netty's servers announce 100); a publish beyond waits for a
 * stream to end, as HTTP/2 clients queue requests.
 */
final class Http2Publisher implements HttpPublisher {
    private final EventLoopGroup loop = HttpPublisher.loop();
    private final Channel connection;
    private final Http2StreamChannelBootstrap streams;
    private final Target target;
    private final Answers answers;
    private final CompletableFuture<Http2SettingsFrame> serverSettings = new CompletableFuture<>();
    /** Streams the server allows at once; each publish holds one until its answer ends. */
    private final int maxStreams;
    private final Semaphore streamsFree;

    /** Opens the connection; returns once the server's settings have arrived. */
    Http2Publisher(Target target, Answers answers) throws InterruptedException {
        this.target = target;
        this.answers = answers;
        ChannelFuture connected = new Bootstrap().group(loop).channel(HttpPublisher.channelClass())
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        // streams the server opens (pushes) are none: it never pushes, and this client does not allow it
                        channel.pipeline().addLast(Http2FrameCodecBuilder.forClient().build(),
                                new Http2MultiplexHandler(new ChannelInboundHandlerAdapter()),
                                new SettingsReader());
                    }
                })
                .connect("127.0.0.1", target.port());
        if (!connected.await(30, TimeUnit.SECONDS) || !connected.isSuccess()) {
            close();
            throw new IllegalStateException("could not connect to the HTTP port " + target.port(), connected.cause());
        }
        this.connection = connected.channel();
        this.streams = new Http2StreamChannelBootstrap(connection);
        Long announced;
        try {
            announced = serverSettings.get(30, TimeUnit.SECONDS).settings().maxConcurrentStreams();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            close();
            throw new IllegalStateException("no HTTP/2 settings from the server", e);
        }
        this.maxStreams = announced == null ? Integer.MAX_VALUE : (int) Math.min(Integer.MAX_VALUE, announced);
        this.streamsFree = new Semaphore(maxStreams);
    }

    /** The streams the server allows at once, so the requests in flight at most. */
    int maxStreams() {
        return maxStreams;
    }

    @Override
    public void publish(int seq, String path, ByteBuf body) throws InterruptedException {
        if (!streamsFree.tryAcquire(60, TimeUnit.SECONDS)) {
            body.release();
            throw new IllegalStateException("no HTTP/2 stream free for 60 s");
        }
        Http2Headers headers = new DefaultHttp2Headers().method("POST").scheme("http").authority(target.host())
                .path(path)
                .set(HttpHeaderNames.AUTHORIZATION, target.authorization())
                .set(HttpHeaderNames.CONTENT_TYPE, target.contentType())
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
        streams.open().addListener(opened -> {
            if (!opened.isSuccess()) {
                body.release();
                streamsFree.release();
                answers.answered(seq, FAILED);
                return;
            }
            Http2StreamChannel stream = (Http2StreamChannel) opened.getNow();
            stream.pipeline().addLast(new Exchange(seq));
            stream.write(new DefaultHttp2HeadersFrame(headers, false));
            stream.writeAndFlush(new DefaultHttp2DataFrame(body, true)).addListener(written -> {
                if (!written.isSuccess()) {
                    stream.close(); // the exchange reports the failure when its stream is inactive
                }
            });
        });
    }

    @Override
    public void close() {
        if (connection != null) {
            connection.close().awaitUninterruptibly();
        }
        loop.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
    }

    /** Takes the server's settings off the connection (the first SETTINGS frame: how many streams it allows). */
    private final class SettingsReader extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object message) {
            if (message instanceof Http2SettingsFrame settings) {
                serverSettings.complete(settings);
            }
            ReferenceCountUtil.release(message);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            serverSettings.completeExceptionally(new IllegalStateException("the HTTP/2 connection closed"));
        }
    }

    /** One publish's stream: its answer's status, reported when the answer ends. */
    private final class Exchange extends ChannelInboundHandlerAdapter {
        private final int seq;
        private int status = FAILED;
        private boolean answered;

        Exchange(int seq) {
            this.seq = seq;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object message) {
            try {
                if (message instanceof Http2HeadersFrame headers && headers.headers().status() != null) {
                    status = Integer.parseInt(headers.headers().status().toString());
                }
                if (message instanceof Http2StreamFrame frame && endsStream(frame)) {
                    answer(status); // the stream closes after this frame (its channel then becomes inactive)
                }
            } finally {
                ReferenceCountUtil.release(message);
            }
        }

        private boolean endsStream(Http2StreamFrame frame) {
            return frame instanceof Http2HeadersFrame headers ? headers.isEndStream()
                    : frame instanceof Http2DataFrame data && data.isEndStream();
        }

        private void answer(int answerStatus) {
            if (!answered) {
                answered = true;
                answers.answered(seq, answerStatus);
            }
        }

        /**
         * The stream has closed: its place is free. Not at the answer's last frame, when the connection still counts
         * the stream as active: a stream opened then could be one more than the server allows.
         */
        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            answer(FAILED); // reset, or the connection closed, before the answer ended
            streamsFree.release();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
