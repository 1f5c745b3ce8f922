package org.pubsubserver.http.web;

import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
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
        boolean keepAlive = HttpUtil.isKeepAlive(exchange.request());
        // the open nodes' names, on the engine's lanes, answered on this channel's event loop
        engine.openNodeNames(MAX_LISTED_NODES).whenComplete((names, failure) -> ctx.executor().execute(() -> {
            if (failure != null) {
                Responses.send(ctx, keepAlive, Responses.text(HttpResponseStatus.SERVICE_UNAVAILABLE, "Try again later"));
            } else {
                // what anyone may read, as the open nodes' streams: any page may fetch it, as an anonymous stream
                FullHttpResponse list = Responses.ok(json(names).getBytes(StandardCharsets.UTF_8), "application/json");
                cors.apply(requestHeaders, list, true);
                Responses.send(ctx, keepAlive, list);
            }
        }));
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
