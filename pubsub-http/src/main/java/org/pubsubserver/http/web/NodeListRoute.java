package org.pubsubserver.http.web;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.pubsubserver.core.engine.PubSubEngine;
import org.pubsubserver.http.response.Json;
import org.pubsubserver.http.response.Responses;
import org.pubsubserver.http.routing.Cors;
import org.pubsubserver.http.routing.HttpExchange;
import org.pubsubserver.http.routing.Route;

/**
 * {@code GET /nodes}: the open nodes' names, a JSON array, for the page's list. What anyone may read, as the open
 * nodes' streams: any page may fetch it ({@link Cors}, anonymous).
 */
public final class NodeListRoute implements Route {
    public static final String PATH = "/nodes";
    /** The most node names listed, so one request's answer stays small however many nodes exist. */
    static final int MAX_LISTED_NODES = 1000;

    private final PubSubEngine engine;
    private final Cors cors;

    public NodeListRoute(PubSubEngine engine, Cors cors) {
        this.engine = engine;
        this.cors = cors;
    }

    @Override
    public void answer(HttpExchange exchange) {
        var ctx = exchange.ctx();
        HttpHeaders requestHeaders = exchange.headers().copy(); // for CORS, after the request is released
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

    /** A 200 with {@code body}, which the page may cache only after asking again. */
    static FullHttpResponse response(byte[] body, String type) {
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
}
