package org.pubsubserver.http.routing;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.AttributeKey;
import java.util.List;
import java.util.Map;

/**
 * One request being answered: its channel's context, the request (released by the {@link Router} once the route
 * returns: what an answer written later needs is copied first) and its URL's path and query.
 */
public final class HttpExchange {
    /** Set on a connection that a route has taken over (a stream): no other request is answered on it. */
    static final AttributeKey<Boolean> TAKEN = AttributeKey.valueOf("pubsub.connection-taken");

    private final ChannelHandlerContext ctx;
    private final FullHttpRequest request;
    private final QueryStringDecoder url;
    private String path;

    HttpExchange(ChannelHandlerContext ctx, FullHttpRequest request) {
        this.ctx = ctx;
        this.request = request;
        this.url = new QueryStringDecoder(request.uri());
    }

    public ChannelHandlerContext ctx() {
        return ctx;
    }

    public Channel channel() {
        return ctx.channel();
    }

    public FullHttpRequest request() {
        return request;
    }

    public HttpMethod method() {
        return request.method();
    }

    public HttpHeaders headers() {
        return request.headers();
    }

    /** The URL's path, percent-decoded; an {@link IllegalArgumentException} where it is malformed. */
    public String path() {
        if (path == null) {
            path = url.path();
        }
        return path;
    }

    /** The URL's query parameters, decoded. */
    public Map<String, List<String>> query() {
        return url.parameters();
    }

    /** Whether a route has taken {@code channel} over (a stream): it answers no other request. */
    public static boolean isTaken(Channel channel) {
        return channel.hasAttr(TAKEN);
    }

    /** The connection now carries this request's answer to its end (a stream): later requests on it are dropped. */
    public void takeOverConnection() {
        ctx.channel().attr(TAKEN).set(Boolean.TRUE);
    }
}
