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
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * HTTP/1.1 keep-alive over a pool of connections, one request in flight on each (no pipelining, as HTTP clients
 * do by default): a publish takes a free connection, and its connection is free again once the answer has been
 * read. The number of connections bounds the requests in flight.
 */
final class Http1Publisher implements HttpPublisher {
    private final EventLoopGroup loop = HttpPublisher.loop();
    private final BlockingQueue<Connection> free = new LinkedBlockingQueue<>();
    private final Target target;
    private final Answers answers;

    /** Opens {@code connections} connections to the target; returns once all are open. */
    Http1Publisher(Target target, int connections, Answers answers) throws InterruptedException {
        this.target = target;
        this.answers = answers;
        Bootstrap bootstrap = new Bootstrap().group(loop).channel(HttpPublisher.channelClass())
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline().addLast(new HttpClientCodec(), new Connection(channel));
                    }
                });
        List<ChannelFuture> pending = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            pending.add(bootstrap.connect("127.0.0.1", target.port()));
        }
        for (ChannelFuture future : pending) {
            if (!future.await(30, TimeUnit.SECONDS) || !future.isSuccess()) {
                close();
                throw new IllegalStateException("could not connect to the HTTP port " + target.port(), future.cause());
            }
            free.add(future.channel().pipeline().get(Connection.class));
        }
    }

    @Override
    public void publish(int seq, String path, ByteBuf body) throws InterruptedException {
        Connection connection = free.poll(60, TimeUnit.SECONDS);
        if (connection == null) {
            body.release();
            throw new IllegalStateException("no HTTP connection free for 60 s");
        }
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, path, body);
        request.headers().set(HttpHeaderNames.HOST, target.host())
                .set(HttpHeaderNames.AUTHORIZATION, target.authorization())
                .set(HttpHeaderNames.CONTENT_TYPE, target.contentType())
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
        connection.send(seq, request);
    }

    @Override
    public void close() {
        loop.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
    }

    /** One connection: the publish in flight on it, and its answer. */
    private final class Connection extends ChannelInboundHandlerAdapter {
        private final Channel channel;
        /** The publish in flight, its answer's status; touched on the event loop once sent. */
        private int seq = -1;
        private int status;

        Connection(Channel channel) {
            this.channel = channel;
        }

        void send(int seq, FullHttpRequest request) {
            this.seq = seq; // read on the event loop after the write's task, which follows this in memory order
            channel.writeAndFlush(request, channel.voidPromise());
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object message) {
            try {
                if (message instanceof HttpResponse response) {
                    status = response.status().code();
                }
                if (message instanceof LastHttpContent) {
                    int answered = seq;
                    seq = -1;
                    free.add(this); // before the answer frees a place in the window, so the place finds a connection
                    answers.answered(answered, status);
                }
            } finally {
                ReferenceCountUtil.release(message);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            free.remove(this);
            if (seq >= 0) {
                answers.answered(seq, FAILED);
                seq = -1;
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
