package org.pubsubserver.http.connection;

import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpServerUpgradeHandler;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.CleartextHttp2ServerUpgradeHandler;
import java.time.Duration;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes a connection that keeps the server waiting for a request ({@code http.request-timeout}; zero: never):
 * a whole request (head and body) must arrive within the timeout, counted from the connection's opening (TLS
 * handshake included) or from the end of the last response on a keep-alive connection. Silent connections,
 * and requests sent a byte at a time, hold a file each only that long.
 *
 * <p>While a request is being answered the clock stands still, so an open stream (an answer that never ends)
 * is never timed out. On HTTP/2 the connection is waiting while none of its streams is answering a request (a
 * stream whose request has not arrived whole does not count): it is closed (with GOAWAY) once it has waited for
 * the timeout.
 *
 * <p>On HTTP/1.1 this handler sits after the codec, where it sees whole requests come in and whole responses go
 * out; on HTTP/2, each stream's {@link StreamRequests} reports a stream whose request has arrived.
 */
public final class RequestTimeout extends ChannelDuplexHandler implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(RequestTimeout.class);

    private final long timeoutNanos;
    private ChannelHandlerContext ctx;
    private Future<?> timer;
    /** HTTP/1.1: requests received whole and not yet answered whole. */
    private int unanswered;
    private boolean http2;
    /** HTTP/2: streams answering a request. */
    private int answering;

    public RequestTimeout(Duration timeout) {
        this.timeoutNanos = timeout.toNanos();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        if (ctx.channel().isActive()) {
            start();
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        if (timer == null && waiting()) {
            start();
        }
        ctx.fireChannelActive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        stop();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        stop();
        ctx.fireChannelInactive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
        if (!http2 && message instanceof LastHttpContent) {
            unanswered++; // a whole request (a FullHttpRequest is one too): its answer is the server's to give
            stop();
        }
        ctx.fireChannelRead(message);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object message, ChannelPromise promise) {
        if (!http2 && message instanceof LastHttpContent && !isInformational(message)) {
            unanswered = Math.max(0, unanswered - 1);
            if (unanswered == 0) {
                start(); // a keep-alive connection waits for its next request from here
            }
        }
        ctx.write(message, promise);
    }

    private static boolean isInformational(Object message) {
        return message instanceof HttpResponse response
                && response.status().codeClass() == HttpStatusClass.INFORMATIONAL;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof HttpServerUpgradeHandler.UpgradeEvent
                || event instanceof CleartextHttp2ServerUpgradeHandler.PriorKnowledgeUpgradeEvent) {
            http2();
        }
        super.userEventTriggered(ctx, event);
    }

    /** The connection speaks HTTP/2 from now on: it waits while it has no open stream. On its event loop. */
    public void http2() {
        http2 = true;
        if (waiting()) {
            start();
        } else {
            stop();
        }
    }

    /**
     * A request has arrived whole on an HTTP/2 stream of this connection: the connection is not waiting until the
     * stream has closed. On the connection's event loop (its streams share it).
     */
    public void answering(Channel stream) {
        answering++;
        stop();
        stream.closeFuture().addListener(closed -> {
            answering--;
            if (waiting()) {
                start();
            }
        });
    }

    private boolean waiting() {
        return http2 ? answering == 0 : unanswered == 0;
    }

    private void start() {
        stop();
        if (timeoutNanos > 0 && ctx != null && ctx.channel().isActive()) {
            timer = ctx.executor().schedule(this, timeoutNanos, TimeUnit.NANOSECONDS);
        }
    }

    private void stop() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    /** On each HTTP/2 stream, after its aggregator: tells the connection's timeout that the stream's request arrived. */
    @ChannelHandler.Sharable
    public static final class StreamRequests extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object message) {
            Channel connection = ctx.channel().parent();
            if (message instanceof LastHttpContent && connection != null) {
                RequestTimeout timeout = connection.pipeline().get(RequestTimeout.class);
                if (timeout != null) {
                    timeout.answering(ctx.channel());
                }
            }
            ctx.fireChannelRead(message);
        }
    }

    /** The timeout: the connection has kept the server waiting for a request all this time. */
    @Override
    public void run() {
        timer = null;
        if (ctx.channel().isActive()) {
            LOG.debug("Closing HTTP connection {}: no request within {} ms", ClientAddress.describing(ctx.channel()),
                    TimeUnit.NANOSECONDS.toMillis(timeoutNanos));
            ctx.channel().close();
        }
    }
}
