package org.pubsubserver.http.admin;

import static io.netty.handler.codec.http.HttpMethod.GET;
import static io.netty.handler.codec.http.HttpMethod.POST;
import static org.pubsubserver.http.routing.Router.route;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import javax.sql.DataSource;
import org.pubsubserver.core.access.ServicePolicy;
import org.pubsubserver.core.backup.StoreBackup;
import org.pubsubserver.core.engine.PubSubEngine;
import org.pubsubserver.core.error.PubSubException;
import org.pubsubserver.core.error.StanzaCondition;
import org.pubsubserver.core.usecase.DeleteNode;
import org.pubsubserver.http.response.Json;
import org.pubsubserver.http.response.Responses;
import org.pubsubserver.http.routing.HttpExchange;
import org.pubsubserver.http.routing.MethodCheck;
import org.pubsubserver.http.routing.PathMatch;
import org.pubsubserver.http.routing.Router;

/**
 * What {@code bin/pubsub-admin} asks a running server, on the admin listener; each through the engine, on the node's
 * lane, as the service's operator ({@link ServicePolicy#OPERATOR}), so that caches, SSE streams and notifications
 * stay right. JSON, or text with {@code format=text}. The node is a query parameter (node names may hold slashes):
 * <ul>
 * <li>{@code GET /nodes}: every node with its owners, item and subscription counts;
 * <li>{@code GET /node?node=N[&items=20]}: the node in full, with its newest items;
 * <li>{@code POST /delete-items?node=N&older-than=90d}: removes its items published before then (untold);
 * <li>{@code POST /delete-node?node=N}: deletes it as its owner would (subscribers are told, §8.4.2; its streams end);
 * <li>{@code GET /export}: the whole store from one snapshot ({@link ExportRoute}).
 * </ul>
 * An unknown node is 404; a bad parameter 400, with a sentence.
 */
public final class OperatorRoutes {
    static final int DEFAULT_ITEMS = 20;
    static final int MAX_ITEMS = 1000;

    private final PubSubEngine engine;
    private final Clock clock;
    private final ExportRoute export;

    /** {@code store}: the store's database, which {@code backup} exports from. */
    public OperatorRoutes(PubSubEngine engine, Clock clock, StoreBackup backup, DataSource store) {
        this.engine = engine;
        this.clock = clock;
        this.export = new ExportRoute(backup, store);
    }

    /** The routes, behind {@link OperatorRequests} (unless {@code token} is set: see {@link AdminToken}). */
    public List<Router.Entry> routes(String token) {
        OperatorRequests operator = new OperatorRequests(token);
        return List.of(
                route(PathMatch.exactly("/nodes"), this::nodes, MethodCheck.orNotAllowed(GET), operator),
                route(PathMatch.exactly("/node"), this::node, MethodCheck.orNotAllowed(GET), operator),
                route(PathMatch.exactly("/delete-items"), this::deleteItems, MethodCheck.orNotAllowed(POST), operator),
                route(PathMatch.exactly("/delete-node"), this::deleteNode, MethodCheck.orNotAllowed(POST), operator),
                route(PathMatch.exactly(ExportRoute.PATH), export, MethodCheck.orNotAllowed(GET), operator));
    }

    private void nodes(HttpExchange exchange) {
        boolean text = text(exchange);
        answer(exchange, engine.nodeSummaries().thenApply(nodes -> ok(text ? OperatorViews.summariesText(nodes)
                : OperatorViews.summariesJson(nodes), text)));
    }

    private void node(HttpExchange exchange) {
        boolean text = text(exchange);
        String node = parameter(exchange, "node");
        int items;
        try {
            String asked = parameter(exchange, "items");
            items = asked == null ? DEFAULT_ITEMS : Math.min(MAX_ITEMS, Math.max(0, Integer.parseInt(asked)));
        } catch (NumberFormatException e) {
            refuse(exchange, "items is a number of items");
            return;
        }
        if (node == null) {
            refuse(exchange, "Name the node: ?node=...");
            return;
        }
        answer(exchange, engine.nodeDetails(node, items).thenApply(details -> details
                .map(d -> ok(text ? OperatorViews.detailsText(d) : OperatorViews.detailsJson(d), text))
                .orElseGet(() -> noSuchNode(node))));
    }

    private void deleteItems(HttpExchange exchange) {
        String node = parameter(exchange, "node");
        Duration age;
        try {
            age = AgeParser.parse(parameter(exchange, "older-than"));
        } catch (IllegalArgumentException e) {
            refuse(exchange, "older-than: " + e.getMessage());
            return;
        }
        if (node == null) {
            refuse(exchange, "Name the node: ?node=...");
            return;
        }
        answer(exchange, engine.removeItemsPublishedBefore(node, clock.instant().minus(age)).thenApply(removed -> removed
                .map(count -> ok("{\"node\":" + Json.string(node) + ",\"deleted_items\":" + count + "}\n", false))
                .orElseGet(() -> noSuchNode(node))));
    }

    private void deleteNode(HttpExchange exchange) {
        String node = parameter(exchange, "node");
        if (node == null) {
            refuse(exchange, "Name the node: ?node=...");
            return;
        }
        CompletableFuture<FullHttpResponse> deleted = engine.deleteNode(new DeleteNode.Request(ServicePolicy.OPERATOR, node))
                .thenApply(done -> ok("{\"deleted_node\":" + Json.string(node) + "}\n", false))
                .exceptionally(failure -> {
                    Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                            ? failure.getCause() : failure;
                    if (cause instanceof PubSubException refusal && refusal.condition() == StanzaCondition.ITEM_NOT_FOUND) {
                        return noSuchNode(node);
                    }
                    throw failure instanceof CompletionException completion ? completion : new CompletionException(cause);
                });
        answer(exchange, deleted);
    }

    private static boolean text(HttpExchange exchange) {
        return "text".equals(parameter(exchange, "format"));
    }

    private static String parameter(HttpExchange exchange, String name) {
        List<String> values = exchange.query().get(name);
        return values == null || values.isEmpty() || values.get(0).isEmpty() ? null : values.get(0);
    }

    private static FullHttpResponse ok(String body, boolean text) {
        return Responses.ok(body.getBytes(StandardCharsets.UTF_8),
                text ? "text/plain; charset=utf-8" : "application/json");
    }

    private static FullHttpResponse noSuchNode(String node) {
        return Responses.text(HttpResponseStatus.NOT_FOUND, "No node named '" + node + "'");
    }

    private static void refuse(HttpExchange exchange, String why) {
        Responses.sendText(exchange.ctx(), exchange.request(), HttpResponseStatus.BAD_REQUEST, why);
    }

    /** Sends the response once the engine is done, on the connection's event loop; a fault is 500, logged there. */
    private static void answer(HttpExchange exchange, CompletableFuture<FullHttpResponse> response) {
        ChannelHandlerContext ctx = exchange.ctx();
        AdminServer.answering(ctx.channel());
        response.whenComplete((answer, failure) -> ctx.executor().execute(() -> Responses.send(ctx, null,
                failure == null ? answer : Responses.text(HttpResponseStatus.INTERNAL_SERVER_ERROR,
                        "The server could not do it: " + Optional.ofNullable(failure.getCause()).orElse(failure)))));
    }
}
