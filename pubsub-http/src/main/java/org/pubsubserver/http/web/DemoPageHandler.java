package org.pubsubserver.http.web;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.pubsubserver.core.engine.PubSubEngine;
import org.pubsubserver.http.Json;
import org.pubsubserver.http.routing.Cors;
import org.pubsubserver.http.routing.HostMatcher;
import org.pubsubserver.http.sse.EventSourceHandler;
import org.pubsubserver.http.routing.Responses;

/**
 * The web page at {@code /} on the streams' hostname: it lists the open nodes ({@code GET /nodes}, a JSON
 * array of names) and shows a node's live stream through EventSource. Other requests pass on.
 */
public final class DemoPageHandler extends ChannelInboundHandlerAdapter {
    /** The most node names the page lists, so one request's answer stays small however many nodes exist. */
    static final int MAX_LISTED_NODES = 1000;

    private final PubSubEngine engine;
    private final HostMatcher hosts;
    private final Cors cors;
    private final byte[] page;

    /** {@code page}: from {@link #loadPage()}, read once when the server starts (not on an event loop). */
    public DemoPageHandler(PubSubEngine engine, HostMatcher hosts, Cors cors, byte[] page) {
        this.engine = engine;
        this.hosts = hosts;
        this.cors = cors;
        this.page = page;
    }

    /** The page's HTML, from the classpath. */
    public static byte[] loadPage() {
        return load("index.html");
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
        if (ctx.channel().hasAttr(EventSourceHandler.STREAMING)) {
            ReferenceCountUtil.release(message); // a stream's connection answers nothing else
            return;
        }
        if (!(message instanceof FullHttpRequest request) || !request.decoderResult().isSuccess()
                || !HttpMethod.GET.equals(request.method()) || !hosts.matches(request.headers().get(HttpHeaderNames.HOST))) {
            ctx.fireChannelRead(message);
            return;
        }
        String path;
        try {
            path = new QueryStringDecoder(request.uri()).path();
        } catch (IllegalArgumentException e) {
            ctx.fireChannelRead(message);
            return;
        }
        if (!path.equals("/") && !path.equals("/nodes")) {
            ctx.fireChannelRead(message);
            return;
        }
        boolean pageAsked = path.equals("/");
        HttpHeaders requestHeaders = pageAsked ? null : request.headers().copy(); // for CORS, after the release
        ReferenceCountUtil.release(message);
        if (pageAsked) {
            send(ctx, page, "text/html; charset=utf-8");
            return;
        }
        // the open nodes' names, on the engine's lanes, answered on this channel's event loop
        engine.openNodeNames(MAX_LISTED_NODES).whenComplete((names, failure) -> ctx.executor().execute(() -> {
            if (failure != null) {
                Responses.sendText(ctx, null, HttpResponseStatus.SERVICE_UNAVAILABLE, "Try again later");
            } else {
                // what anyone may read, as the open nodes' streams: any page may fetch it, as an anonymous stream
                FullHttpResponse list = response(json(names).getBytes(StandardCharsets.UTF_8), "application/json");
                cors.apply(requestHeaders, list, true);
                Responses.send(ctx, null, list);
            }
        }));
    }

    private static void send(ChannelHandlerContext ctx, byte[] body, String type) {
        Responses.send(ctx, null, response(body, type));
    }

    private static FullHttpResponse response(byte[] body, String type) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                Unpooled.wrappedBuffer(body));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, type)
                .set(HttpHeaderNames.CACHE_CONTROL, "no-cache")
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        return response;
    }

    private static String json(List<String> names) {
        StringBuilder out = new StringBuilder("[");
        for (String name : names) {
            if (out.length() > 1) {
                out.append(',');
            }
            out.append(Json.string(name));
        }
        return out.append(']').toString();
    }

    private static byte[] load(String resource) {
        try (InputStream in = DemoPageHandler.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
