package org.pubsubserver.http.routing;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.ReferenceCountUtil;
import java.util.List;
import org.pubsubserver.http.connection.BodyRefused;
import org.pubsubserver.http.connection.ClientAddress;
import org.pubsubserver.http.response.Responses;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler of every HTTP/1.1 connection and HTTP/2 stream: gives each request to the first route whose
 * path matches, once the steps in front of all routes and those of the route let it through. Before that: a
 * request the codec could not decode is 400 (and the connection closed), one whose URL is malformed 400; after:
 * a path no route matches is 404. A connection a route has taken over ({@link HttpExchange#takeOverConnection})
 * answers nothing more. Shared by every connection: what belongs to one request lives in its exchange.
 */
@ChannelHandler.Sharable
public final class Router extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(Router.class);

    /** A line of the route table: which paths, the steps in front of the route (in order), the route. */
    public record Entry(PathMatch paths, List<Step> steps, Route route) {
        public Entry {
            steps = List.copyOf(steps);
        }
    }

    private final List<Step> everyRequest;
    private final List<Entry> routes;

    /** {@code everyRequest}: the steps every request passes before its path is read (the host check). */
    public Router(List<Step> everyRequest, List<Entry> routes) {
        this.everyRequest = List.copyOf(everyRequest);
        this.routes = List.copyOf(routes);
    }

    /** A line of the table: {@code route} at {@code paths}, behind {@code steps}. */
    public static Entry route(PathMatch paths, Route route, Step... steps) {
        return new Entry(paths, List.of(steps), route);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
        if (ctx.channel().hasAttr(HttpExchange.TAKEN)) {
            ReferenceCountUtil.release(message); // a stream's connection answers nothing else
            return;
        }
        if (!(message instanceof FullHttpRequest request)) {
            ctx.fireChannelRead(message);
            return;
        }
        try {
            answer(ctx, request);
        } finally {
            ReferenceCountUtil.release(request);
        }
    }

    private void answer(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (!request.decoderResult().isSuccess()) {
            // a body not taken (its status), or a request the codec could not decode: answered, then closed
            if (request.decoderResult().cause() instanceof BodyRefused refused) {
                FullHttpResponse answer = Responses.text(refused.status(), refused.getMessage());
                if (refused.status().equals(HttpResponseStatus.SERVICE_UNAVAILABLE)) {
                    answer.headers().set(HttpHeaderNames.RETRY_AFTER, "1");
                }
                Responses.send(ctx, false, answer);
                return;
            }
            Responses.sendText(ctx, null, HttpResponseStatus.BAD_REQUEST, "Bad request");
            return;
        }
        HttpExchange exchange = new HttpExchange(ctx, request);
        if (!admitted(everyRequest, exchange)) {
            return;
        }
        String path;
        try {
            path = exchange.path();
        } catch (IllegalArgumentException e) {
            Responses.sendText(ctx, request, HttpResponseStatus.BAD_REQUEST, "Malformed URL: " + e.getMessage());
            return;
        }
        for (Entry entry : routes) {
            if (entry.paths().matches(path)) {
                if (admitted(entry.steps(), exchange)) {
                    entry.route().answer(exchange);
                }
                return;
            }
        }
        Responses.sendText(ctx, request, HttpResponseStatus.NOT_FOUND, "Not found");
    }

    private static boolean admitted(List<Step> steps, HttpExchange exchange) {
        for (Step step : steps) {
            if (!step.admits(exchange)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("HTTP connection {} failed: {}", ClientAddress.describing(ctx.channel()), cause.toString());
        ctx.close();
    }
}
