package org.pubsubserver.http.connection;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.function.Predicate;

/**
 * Bounds each request's body before it is gathered: {@code largeLimit} bytes for the requests that may carry
 * content ({@code large}: a publish whose head carries credentials, asked only of a body past the smaller bound),
 * {@code limit} for the others, and the bytes
 * of large bodies gathered at once by a {@link BodyBudget} shared by the server. A body over its bound, by its
 * Content-Length (then before any {@code 100 Continue}) or as it arrives, is not read further: the request goes on
 * marked {@link BodyRefused} (413; 503 past the budget), to be answered in its turn, and nothing more is read from
 * the connection, which the answer closes.
 */
public final class RequestBodyLimit extends ChannelInboundHandlerAdapter {
    private final int limit;
    private final int largeLimit;
    private final Predicate<HttpRequest> large;
    private final BodyBudget budget;
    /** The request whose body this is: asked whether it may be large only once its body passes the smaller bound. */
    private HttpRequest head;
    private long allowed;
    private boolean decided;
    private long received;
    /** Bytes of the budget this request holds (those of a large body past {@code limit}). */
    private long held;
    private boolean refused;

    public RequestBodyLimit(int limit, int largeLimit, Predicate<HttpRequest> large, BodyBudget budget) {
        this.limit = limit;
        this.largeLimit = largeLimit;
        this.large = large;
        this.budget = budget;
    }

    /** The largest body any request may have: what the aggregator behind this must take. */
    public int maxBody() {
        return Math.max(limit, largeLimit);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
        if (refused) {
            ReferenceCountUtil.release(message); // the connection closes once the refusal is answered
            return;
        }
        if (message instanceof HttpRequest request) {
            head = request;
            received = 0;
            decided = false;
            allowed = Math.min(limit, largeLimit); // within both bounds, which one applies does not matter
            long declared = HttpUtil.getContentLength(request, -1L);
            if (declared > allowed(declared)) {
                refused = true;
                // no 100 Continue for a body not taken, and no length for the aggregator to act on itself
                request.headers().remove(HttpHeaderNames.EXPECT).remove(HttpHeaderNames.CONTENT_LENGTH);
                request.setDecoderResult(DecoderResult.failure(tooLarge()));
                ctx.fireChannelRead(message); // the aggregator passes a failed head on at once, as a whole request
                return;
            }
        }
        if (message instanceof HttpContent content) {
            int bytes = content.content().readableBytes();
            received += bytes;
            BodyRefused refusal = received > allowed(received) ? tooLarge() : takeBudget(bytes);
            if (refusal != null) {
                refused = true;
                giveBackBudget();
                if (message instanceof HttpRequest whole) { // a request and its body in one message: it goes on, marked
                    whole.setDecoderResult(DecoderResult.failure(refusal));
                    ctx.fireChannelRead(message);
                    return;
                }
                ReferenceCountUtil.release(message);
                LastHttpContent last = new DefaultLastHttpContent();
                last.setDecoderResult(DecoderResult.failure(refusal));
                ctx.fireChannelRead(last);
                return;
            }
            if (content instanceof LastHttpContent) {
                giveBackBudget(); // gathered: the router takes it now
            }
        }
        ctx.fireChannelRead(message);
    }

    /**
     * The bound for a body of {@code bytes} so far: asks {@code large} (a publish's credentials, an HMAC to check)
     * only once the body passes the smaller of the two bounds, so that a small body costs the check once, in the
     * route, not twice.
     */
    private long allowed(long bytes) {
        if (!decided && bytes > allowed) {
            decided = true;
            allowed = large.test(head) ? largeLimit : limit;
        }
        return allowed;
    }

    /** Past {@code limit}, a large body's bytes come out of the server's budget; null when they could be taken. */
    private BodyRefused takeBudget(int bytes) {
        long past = Math.min(bytes, received - limit);
        if (past <= 0) {
            return null;
        }
        if (!budget.take(past)) {
            return new BodyRefused(HttpResponseStatus.SERVICE_UNAVAILABLE,
                    "The server is gathering too many large request bodies at once; try again shortly");
        }
        held += past;
        return null;
    }

    private void giveBackBudget() {
        if (held > 0) {
            budget.giveBack(held);
            held = 0;
        }
    }

    private BodyRefused tooLarge() {
        return new BodyRefused(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                "The request body is larger than the " + allowed + " bytes taken here");
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        giveBackBudget();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        giveBackBudget();
    }
}
