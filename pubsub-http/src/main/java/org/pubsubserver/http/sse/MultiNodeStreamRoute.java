package org.pubsubserver.http.sse;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.pubsubserver.core.usecase.OpenStream;
import org.pubsubserver.http.response.Json;
import org.pubsubserver.http.response.Responses;
import org.pubsubserver.http.routing.HttpExchange;
import org.pubsubserver.http.routing.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xmpp.packet.JID;

/**
 * {@code GET /eventsource?node=a&node=b}: several nodes on one connection (see {@link MultiStream}). Every node is
 * checked first, so a refusal is still an HTTP status; then each node's part starts on its own lane, resumed from
 * its position in the Last-Event-ID, or, for a node the id does not name, with its newest {@code last} items.
 */
public final class MultiNodeStreamRoute implements Route {
    /** The route's paths: with or without the slash. */
    public static final String PATH = "/eventsource";
    public static final String PATH_WITH_SLASH = NodeStreamRoute.PATH_PREFIX;
    /** The most nodes one connection carries. */
    static final int MAX_NODES_PER_STREAM = 64;
    private static final Logger LOG = LoggerFactory.getLogger(MultiNodeStreamRoute.class);

    private final StreamRouteParts parts;

    public MultiNodeStreamRoute(StreamRouteParts parts) {
        this.parts = parts;
    }

    @Override
    public void answer(HttpExchange exchange) {
        ChannelHandlerContext ctx = exchange.ctx();
        List<String> nodes = exchange.query().getOrDefault("node", List.of()).stream().distinct().toList();
        if (nodes.isEmpty() || nodes.size() > MAX_NODES_PER_STREAM || nodes.contains("")) {
            Responses.sendText(ctx, exchange.request(), HttpResponseStatus.BAD_REQUEST,
                    "Name 1 to " + MAX_NODES_PER_STREAM + " nodes: /eventsource?node=a&node=b");
            return;
        }
        int last = ResumePoint.lastItemsOr400(exchange);
        if (last < 0) {
            return;
        }
        StreamReaders.Reader who = parts.readers().of(exchange);
        if (who == null) {
            return;
        }
        JID reader = who.jid();
        if (!parts.limits().admit(ctx)) {
            return;
        }
        Map<String, Long> resumed = MultiStream.parse(ResumePoint.lastEventId(exchange));
        boolean keepAlive = HttpUtil.isKeepAlive(exchange.request());
        HttpHeaders requestHeaders = exchange.headers().copy();
        exchange.takeOverConnection();
        List<CompletableFuture<Optional<Boolean>>> checks = nodes.stream()
                .map(node -> parts.engine().mayRead(node, reader)).toList();
        CompletableFuture.allOf(checks.toArray(CompletableFuture[]::new)).whenComplete((done, failure) ->
                ctx.executor().execute(() -> {
                    if (!ctx.channel().isActive()) {
                        return;
                    }
                    if (failure != null) {
                        LOG.warn("Could not open an SSE stream of nodes {}", nodes, failure);
                        Responses.sendText(ctx, null, HttpResponseStatus.SERVICE_UNAVAILABLE, "Try again later");
                        return;
                    }
                    if (everyNodeReadable(ctx, nodes, checks, reader)) {
                        start(parts, ctx, nodes, resumed, reader, keepAlive, requestHeaders, null, last);
                    }
                }));
    }

    /** Whether {@code reader} may read every node; if not, the request has been answered 404, 401 or 403. */
    private static boolean everyNodeReadable(ChannelHandlerContext ctx, List<String> nodes,
                                             List<CompletableFuture<Optional<Boolean>>> checks, JID reader) {
        for (int i = 0; i < nodes.size(); i++) {
            Optional<Boolean> readable = checks.get(i).join();
            if (readable.isEmpty()) {
                Responses.sendText(ctx, null, HttpResponseStatus.NOT_FOUND, "No node named '" + nodes.get(i) + "'");
                return false;
            }
            if (!readable.get()) {
                if (reader == null) {
                    StreamReaders.refuseUnauthorized(ctx, "Node '" + nodes.get(i) + "' is not open: read it with a token");
                } else {
                    Responses.sendText(ctx, null, HttpResponseStatus.FORBIDDEN,
                            reader + " may not read '" + nodes.get(i) + "'");
                }
                return false;
            }
        }
        return true;
    }

    /**
     * Starts the stream of {@code nodes} on the channel, each node's part from its place in {@code resumed}. A stream
     * of the {@code collection} (XEP-0248; null for none) whose leaves these are is also registered under the
     * collection, so that the collection's events reach it (a change of its children ends it: its reader reconnects
     * to the leaves it has then). {@code lastItems}: the newest items of each node on a first connect.
     */
    static void start(StreamRouteParts parts, ChannelHandlerContext ctx, List<String> nodes, Map<String, Long> resumed,
                      JID reader, boolean keepAlive, HttpHeaders requestHeaders, String collection, int lastItems) {
        HttpResponse response = parts.heads().of(requestHeaders, reader, false, keepAlive);
        Channel channel = ctx.channel();
        channel.write(response);
        channel.writeAndFlush(ByteBufUtil.writeUtf8(channel.alloc(),
                parts.preamble(collection == null ? "nodes " + nodes : "collection " + collection + ": nodes " + nodes)));
        MultiStream multi = new MultiStream(channel, nodes, resumed);
        channel.attr(MultiStream.KEY).set(multi);
        StreamOutput.of(channel, parts.heartbeat()).install(channel);
        if (collection != null) {
            parts.streams().add(collection, channel, reader);
        }
        for (String node : nodes) {
            OpenStream.Request open = new OpenStream.Request(node, reader, MultiStream.resumePoint(resumed, node),
                    lastItems);
            parts.engine().openStream(open, start -> {
                multi.start(node, start);
                parts.streams().add(node, channel, reader);
            }).whenComplete((outcome, failure) -> {
                if (failure != null || outcome != OpenStream.Outcome.OPENED) {
                    // access changed since the check (or the node went): this node's part does not start; a collection
                    // named among several nodes has no items of its own (its stream is /eventsource/{collection}): 400
                    int status = outcome == OpenStream.Outcome.NO_SUCH_NODE ? 404
                            : outcome == OpenStream.Outcome.COLLECTION ? 400 : 403;
                    multi.named(node, -1, "error", "{\"node\":" + Json.string(node) + ",\"status\":" + status + "}");
                }
            });
        }
    }
}
