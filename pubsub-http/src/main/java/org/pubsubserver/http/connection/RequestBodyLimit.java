package org.pubsubserver.http.connection;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.util.ReferenceCountUtil;
import java.util.function.Predicate;
import org.pubsubserver.http.response.Responses;

/**
 * Bounds each request's body before it is gathered: {@code largeLimit} bytes for the requests that carry content
 * ({@code large}: publishing), {@code limit} for the others. A body over its bound, by its Content-Length or as it
 * arrives, is answered 413 without reading it further (also before a {@code 100 Continue}), and the connection (an
 * HTTP/2 stream: the stream) is closed, so one client cannot make the server hold more than the bound per request.
 */
public final class RequestBodyLimit extends ChannelInboundHandlerAdapter {
    private final int limit;
    private final int largeLimit;
    private final Predicate<HttpRequest> large;
    private long allowed;
    private long received;
    private boolean refused;

    public RequestBodyLimit(int limit, int largeLimit, Predicate<HttpRequest> large) {
        this.limit = limit;
        this.largeLimit = largeLimit;
        this.large = large;
    }

    /** The largest body any request may have: what the aggregator behind this must take. */
    public int maxBody() {
        return Math.max(limit, largeLimit);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
        if (message instanceof HttpRequest request) {
            refused = false;
            received = 0;
            allowed = large.test(request) ? largeLimit : limit;
            if (HttpUtil.getContentLength(request, -1L) > allowed) {
                refuse(ctx, message);
                return;
            }
        } else if (refused) {
            ReferenceCountUtil.release(message); // the rest of a refused body
            return;
        }
        if (message instanceof HttpContent content) {
            received += content.content().readableBytes();
            if (received > allowed) {
                refuse(ctx, message);
                return;
            }
        }
        ctx.fireChannelRead(message);
    }

    private void refuse(ChannelHandlerContext ctx, Object message) {
        ReferenceCountUtil.release(message);
        refused = true;
        Responses.send(ctx, false, Responses.text(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                "The request body is larger than the " + allowed + " bytes taken here"));
    }
}
