package org.pubsubserver.http.connection;

import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.function.Predicate;

/**
 * An HTTP/1.1 connection answers its requests in the order they came (RFC 9112 §9.3.2), also where an answer is
 * written later (a publish's, after its commit): a request that arrives, pipelined, while an earlier one is still
 * being answered waits here, and the connection stops reading until the answers have caught up. At most
 * {@value #MAX_WAITING} may wait; a client pipelining more is disconnected. A connection that became a stream
 * ({@code streaming}) answers nothing more, so requests after it are dropped, as the router would; nor does one
 * whose answer closes it (RFC 9112 §9.6).
 */
public final class AnswersInOrder extends ChannelDuplexHandler {
    static final int MAX_WAITING = 16;

    private final Predicate<Channel> streaming;
    private final ArrayDeque<FullHttpRequest> waiting = new ArrayDeque<>();
    private boolean answering;
    private boolean handingOn;
    /** An answer closed the connection: no request after it is taken (RFC 9112 §9.6). */
    private boolean closing;

    public AnswersInOrder(Predicate<Channel> streaming) {
        this.streaming = streaming;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
        if (!(message instanceof FullHttpRequest request)) {
            ctx.fireChannelRead(message);
            return;
        }
        if (closing) {
            request.release();
            return;
        }
        if (!answering) {
            answering = true;
            ctx.fireChannelRead(request);
            return;
        }
        if (streaming.test(ctx.channel())) {
            request.release();
            return;
        }
        waiting.add(request);
        ctx.channel().config().setAutoRead(false);
        if (waiting.size() > MAX_WAITING) {
            releaseWaiting();
            ctx.close();
        }
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object message, ChannelPromise promise) {
        boolean answered = message instanceof LastHttpContent
                && !(message instanceof HttpResponse head && head.status().codeClass() == HttpStatusClass.INFORMATIONAL);
        ctx.write(message, promise);
        if (answered && message instanceof HttpResponse response && !HttpUtil.isKeepAlive(response)) {
            closing = true;
            releaseWaiting();
            return;
        }
        if (answered) {
            answering = false;
            handOnNext(ctx);
        }
    }

    /** Gives the router the next waiting request, once; each answer written synchronously hands on the one after. */
    private void handOnNext(ChannelHandlerContext ctx) {
        if (handingOn) {
            return;
        }
        handingOn = true;
        try {
            while (!answering && !waiting.isEmpty()) {
                answering = true;
                ctx.fireChannelRead(waiting.poll());
            }
        } finally {
            handingOn = false;
        }
        if (waiting.isEmpty() && !ctx.channel().config().isAutoRead()) {
            ctx.channel().config().setAutoRead(true);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        releaseWaiting();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        releaseWaiting();
    }

    private void releaseWaiting() {
        FullHttpRequest request;
        while ((request = waiting.poll()) != null) {
            ReferenceCountUtil.release(request);
        }
    }
}
