package org.pubsubserver.http.web;

import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.pubsubserver.core.engine.PubSubEngine;
import org.pubsubserver.core.usecase.OpenNodeSummaries;
import org.pubsubserver.http.response.Json;
import org.pubsubserver.http.response.Responses;
import org.pubsubserver.http.routing.Cors;
import org.pubsubserver.http.routing.HttpExchange;
import org.pubsubserver.http.routing.Route;

/**
 * {@code GET /nodes}: the open nodes' names, a JSON array; {@code GET /nodes?details}: the open nodes as objects with
 * their title, description, access model, type and item count, for the console's list. What anyone may read, as the
 * open nodes' streams: any page may fetch it ({@link Cors}, anonymous). Requests that arrive while a list is being
 * made share it.
 */
public final class NodeListRoute implements Route {
    public static final String PATH = "/nodes";
    /** The query parameter that asks for the nodes' details rather than their names. */
    static final String DETAILS_PARAMETER = "details";
    /** The most nodes listed, so one request's answer stays small however many nodes exist. */
    static final int MAX_LISTED_NODES = 1000;

    private final PubSubEngine engine;
    private final Cors cors;
    /** The lists being made now: requests that arrive meanwhile share them (one walk of the nodes for all). */
    private final AtomicReference<CompletableFuture<String>> namesInFlight = new AtomicReference<>();
    private final AtomicReference<CompletableFuture<String>> detailsInFlight = new AtomicReference<>();

    public NodeListRoute(PubSubEngine engine, Cors cors) {
        this.engine = engine;
        this.cors = cors;
    }

    @Override
    public void answer(HttpExchange exchange) {
        var ctx = exchange.ctx();
        HttpHeaders requestHeaders = exchange.headers().copy(); // for CORS, after the request is released
        boolean keepAlive = HttpUtil.isKeepAlive(exchange.request());
        // the open nodes, on the engine's lanes, answered on this channel's event loop
        CompletableFuture<String> json = exchange.query().containsKey(DETAILS_PARAMETER)
                ? shared(detailsInFlight, () -> engine.openNodeSummaries(MAX_LISTED_NODES).thenApply(NodeListRoute::details))
                : shared(namesInFlight, () -> engine.openNodeNames(MAX_LISTED_NODES).thenApply(NodeListRoute::names));
        json.whenComplete((body, failure) -> ctx.executor().execute(() -> {
            if (failure != null) {
                Responses.send(ctx, keepAlive, Responses.text(HttpResponseStatus.SERVICE_UNAVAILABLE, "Try again later"));
            } else {
                // what anyone may read, as the open nodes' streams: any page may fetch it, as an anonymous stream
                FullHttpResponse list = Responses.ok(body.getBytes(StandardCharsets.UTF_8), "application/json");
                cors.apply(requestHeaders, list, true);
                Responses.send(ctx, keepAlive, list);
            }
        }));
    }

    /**
     * The list being made, or a new one: anyone may ask for it, and each walks up to {@value #MAX_LISTED_NODES}
     * nodes on the engine's lane, so requests that come while one is being made are answered with it.
     */
    static CompletableFuture<String> shared(AtomicReference<CompletableFuture<String>> inFlight,
                                            Supplier<CompletableFuture<String>> make) {
        while (true) {
            CompletableFuture<String> current = inFlight.get();
            if (current != null && !current.isDone()) {
                return current;
            }
            CompletableFuture<String> mine = new CompletableFuture<>();
            if (inFlight.compareAndSet(current, mine)) {
                try {
                    make.get().whenComplete((json, failure) -> {
                        if (failure != null) {
                            mine.completeExceptionally(failure);
                        } else {
                            mine.complete(json);
                        }
                    });
                } catch (RuntimeException e) {
                    mine.completeExceptionally(e);
                }
                return mine;
            }
        }
    }

    private static String names(List<String> names) {
        StringBuilder out = new StringBuilder("[");
        for (String name : names) {
            if (out.length() > 1) {
                out.append(',');
            }
            out.append(Json.string(name));
        }
        return out.append(']').toString();
    }

    /** [{"node":"n","title":"...","description":"...","access_model":"open","type":"leaf","items":3}, ...] */
    private static String details(List<OpenNodeSummaries.Summary> nodes) {
        StringBuilder out = new StringBuilder("[");
        for (OpenNodeSummaries.Summary node : nodes) {
            if (out.length() > 1) {
                out.append(',');
            }
            out.append("{\"node\":").append(Json.string(node.node()))
                    .append(",\"title\":").append(Json.string(node.title()))
                    .append(",\"description\":").append(Json.string(node.description()))
                    .append(",\"access_model\":").append(Json.string(node.accessModel().value()))
                    .append(",\"type\":").append(node.collection() ? "\"collection\"" : "\"leaf\"")
                    .append(",\"items\":").append(node.items()).append('}');
        }
        return out.append(']').toString();
    }
}
