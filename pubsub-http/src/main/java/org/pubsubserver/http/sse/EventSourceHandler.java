package org.pubsubserver.http.sse;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import io.netty.util.AttributeKey;
import org.pubsubserver.core.access.StreamTokens;
import org.pubsubserver.core.engine.PubSubEngine;
import org.pubsubserver.core.model.Item;
import org.pubsubserver.core.usecase.OpenStream;
import org.pubsubserver.http.HttpSettings;
import org.pubsubserver.http.Json;
import org.pubsubserver.http.connection.ClientAddress;
import org.pubsubserver.http.routing.Cors;
import org.pubsubserver.http.routing.HostMatcher;
import org.pubsubserver.http.routing.Responses;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xmpp.packet.JID;

/**
 * {@code GET /eventsource/{node}} on one of our hostnames: answers {@code text/event-stream} and keeps
 * the connection as a stream of the node's published items. The node is looked up on the engine's lane,
 * never on this event loop; the answer is written back on the channel's own executor.
 */
public final class EventSourceHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    public static final String PATH_PREFIX = "/eventsource/";
    private static final String LAST_EVENT_ID = "Last-Event-ID";
    /** Set on a connection that carries a stream: no other answer may be written into it. */
    public static final AttributeKey<Boolean> STREAMING = AttributeKey.valueOf("pubsub.streaming");
    /** {@code /eventsource?node=a&node=b}: several nodes on one connection. */
    public static final String MULTI_PATH = "/eventsource";
    /** The most nodes one connection carries. */
    static final int MAX_NODES_PER_STREAM = 64;
    /** What a client over a stream limit is told to wait before it tries again. */
    private static final int RETRY_AFTER_SECONDS = 10;
    private static final Logger LOG = LoggerFactory.getLogger(EventSourceHandler.class);

    private final PubSubEngine engine;
    private final SseStreams streams;
    private final HostMatcher hosts;
    private final HttpSettings settings;
    private final Cors cors;
    private final StreamLimits limits;
    private final StreamTokens tokens;
    /** One request per connection: once it is being answered, further input on the channel is ignored. */
    private boolean requestTaken;
    /** Set on the lane once the 200 is written, so a later failure closes the stream instead of answering again. */
    private volatile boolean answered;

    public EventSourceHandler(PubSubEngine engine, SseStreams streams, HostMatcher hosts, HttpSettings settings,
                              Cors cors, StreamLimits limits, StreamTokens tokens) {
        this.tokens = tokens;
        this.engine = engine;
        this.streams = streams;
        this.hosts = hosts;
        this.settings = settings;
        this.cors = cors;
        this.limits = limits;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (requestTaken) {
            return;
        }
        if (!request.decoderResult().isSuccess()) {
            Responses.sendText(ctx, null, HttpResponseStatus.BAD_REQUEST, "Bad request");
            return;
        }
        if (!hosts.matches(request.headers().get(HttpHeaderNames.HOST))) {
            Responses.sendText(ctx, request, HttpResponseStatus.NOT_FOUND, "Unknown host");
            return;
        }
        QueryStringDecoder query = new QueryStringDecoder(request.uri());
        String path;
        try {
            path = query.path();
        } catch (IllegalArgumentException e) {
            Responses.sendText(ctx, request, HttpResponseStatus.BAD_REQUEST, "Malformed URL: " + e.getMessage());
            return;
        }
        if (HttpMethod.OPTIONS.equals(request.method()) && (path.equals(MULTI_PATH) || path.startsWith(PATH_PREFIX))) {
            // a preflight carries no cookie: a request is read as a JID there only when its URL has a token
            boolean anonymous = ReaderToken.of(query.parameters(), null) == null;
            if (Cors.isPreflight(request.headers()) && !cors.allows(request.headers().get(HttpHeaderNames.ORIGIN), anonymous)) {
                Responses.sendText(ctx, request, HttpResponseStatus.FORBIDDEN,
                        "Origin not allowed to read with a token (see http.cors-origins)");
                return;
            }
            HttpResponse allowed = Responses.empty(HttpResponseStatus.NO_CONTENT);
            allowed.headers().set(HttpHeaderNames.ALLOW, "GET, HEAD, OPTIONS");
            if (Cors.isPreflight(request.headers())) {
                cors.applyPreflight(request.headers(), allowed, anonymous);
            }
            Responses.send(ctx, request, allowed);
            return;
        }
        if ((path.equals(MULTI_PATH) || path.equals(PATH_PREFIX)) && HttpMethod.GET.equals(request.method())) {
            openMulti(ctx, request, query);
            return;
        }
        String node = path.startsWith(PATH_PREFIX) ? path.substring(PATH_PREFIX.length()) : "";
        if (node.isEmpty()) {
            Responses.sendText(ctx, request, HttpResponseStatus.NOT_FOUND, "Not found");
            return;
        }
        boolean head = HttpMethod.HEAD.equals(request.method());
        if (!head && !HttpMethod.GET.equals(request.method())) {
            HttpResponse refused = Responses.text(HttpResponseStatus.METHOD_NOT_ALLOWED, "GET, HEAD and OPTIONS are served here");
            refused.headers().set(HttpHeaderNames.ALLOW, "GET, HEAD, OPTIONS");
            Responses.send(ctx, request, refused);
            return;
        }
        long after = ResumePoint.of(request.headers().get(LAST_EVENT_ID), query.parameters());
        int last;
        try {
            last = ResumePoint.lastItems(query.parameters());
        } catch (IllegalArgumentException e) {
            Responses.sendText(ctx, request, HttpResponseStatus.BAD_REQUEST, e.getMessage());
            return;
        }
        if (!head && !reserve(ctx)) {
            return;
        }
        Reader who = reader(ctx, request, query);
        if (who == null) {
            return;
        }
        JID reader = who.jid();
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        requestTaken = true;
        ctx.channel().attr(STREAMING).set(Boolean.TRUE);
        // The access check, the replay and the stream's registration happen together on the node's lane,
        // so no event of the node falls between the replay and the live stream.
        OpenStream.Request open = new OpenStream.Request(node, reader, head ? OpenStream.NO_RESUME : after, head ? 0 : last);
        var requestHeaders = request.headers().copy();
        engine.openStream(open, start -> started(ctx, start, keepAlive, head, requestHeaders, reader)).whenComplete((outcome, failure) ->
                ctx.executor().execute(() -> {
                    if (!ctx.channel().isActive()) {
                        return;
                    }
                    if (failure != null) {
                        LOG.warn("Could not open an SSE stream of node {}", node, failure);
                        if (answered) {
                            StreamOutput.end(ctx.channel()); // the stream's pipeline may have been slimmed past this handler
                        } else {
                            Responses.sendText(ctx, null, HttpResponseStatus.SERVICE_UNAVAILABLE, "Try again later");
                        }
                    } else if (outcome == OpenStream.Outcome.NO_SUCH_NODE) {
                        Responses.sendText(ctx, null, HttpResponseStatus.NOT_FOUND, "No node named '" + node + "'");
                    } else if (outcome == OpenStream.Outcome.NOT_ALLOWED && reader == null) {
                        // only nodes with the open access model stream to anyone; the others need to know who reads
                        refuseUnauthorized(ctx, "Node '" + node + "' is not open: read it with a token (the XMPP"
                                + " command 'urn:pubsubserver:sse-token' gives one)");
                    } else if (outcome == OpenStream.Outcome.NOT_ALLOWED) {
                        Responses.sendText(ctx, null, HttpResponseStatus.FORBIDDEN, reader + " may not read '" + node + "'");
                    }
                }));
    }

    /**
     * On the node's lane: the response head, the preamble, the replay (or a reset) and, for GET, the stream's
     * registration, in this order (see {@link SseStreams#start}).
     */
    private void started(ChannelHandlerContext ctx, OpenStream.Start start, boolean keepAlive, boolean head,
                         HttpHeaders requestHeaders, JID reader) {
        answered = true;
        String node = start.node().name();
        HttpResponse response = streamHead(requestHeaders, reader, head, keepAlive);
        if (head) {
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        Channel channel = ctx.channel();
        StringBuilder opening = new StringBuilder(SseFormat.comment("stream of node " + node))
                .append(SseFormat.retry(settings.retryHint().toMillis()));
        if (start.reset()) {
            opening.append(SseStreams.resetEvent(node, start.position()));
        }
        for (Item item : start.items()) {
            opening.append(SseStreams.itemEvent(item));
        }
        // an id without data: the client's last event id is where the node stood, so a reconnect before any
        // event resumes from here instead of starting fresh (WHATWG "dispatch the event", step 1)
        opening.append("id: ").append(start.position()).append("\n\n");
        // head and opening go the way the broadcast events go, so they are sent first
        streams.start(node, channel, reader, response, ByteBufUtil.writeUtf8(channel.alloc(), opening),
                StreamOutput.of(channel, settings.heartbeatInterval()));
        LOG.debug("SSE stream of node {} opened for {} ({} replayed{})", node, ClientAddress.describing(channel),
                start.items().size(), start.reset() ? ", reset" : "");
    }

    /**
     * Several nodes on one connection (see {@link MultiStream}): every node is checked first, so a refusal
     * is still an HTTP status; then each node's part starts on its own lane, resumed from its position in
     * the Last-Event-ID.
     */
    private void openMulti(ChannelHandlerContext ctx, FullHttpRequest request, QueryStringDecoder query) {
        List<String> nodes = query.parameters().getOrDefault("node", List.of()).stream().distinct().toList();
        if (nodes.isEmpty() || nodes.size() > MAX_NODES_PER_STREAM || nodes.contains("")) {
            Responses.sendText(ctx, request, HttpResponseStatus.BAD_REQUEST,
                    "Name 1 to " + MAX_NODES_PER_STREAM + " nodes: /eventsource?node=a&node=b");
            return;
        }
        Reader who = reader(ctx, request, query);
        if (who == null) {
            return;
        }
        JID reader = who.jid();
        if (!reserve(ctx)) {
            return;
        }
        String lastEventId = request.headers().get(LAST_EVENT_ID);
        if (lastEventId == null) {
            List<String> values = query.parameters().get(ResumePoint.LAST_EVENT_ID_PARAMETER);
            lastEventId = values == null || values.isEmpty() ? null : values.get(0);
        }
        Map<String, Long> resumed = MultiStream.parse(lastEventId);
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        HttpHeaders requestHeaders = request.headers().copy();
        requestTaken = true;
        ctx.channel().attr(STREAMING).set(Boolean.TRUE);
        List<CompletableFuture<Optional<Boolean>>> checks = nodes.stream().map(node -> engine.mayRead(node, reader)).toList();
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
                    for (int i = 0; i < nodes.size(); i++) {
                        Optional<Boolean> readable = checks.get(i).join();
                        if (readable.isEmpty()) {
                            Responses.sendText(ctx, null, HttpResponseStatus.NOT_FOUND, "No node named '" + nodes.get(i) + "'");
                            return;
                        }
                        if (!readable.get()) {
                            if (reader == null) {
                                refuseUnauthorized(ctx, "Node '" + nodes.get(i) + "' is not open: read it with a token");
                            } else {
                                Responses.sendText(ctx, null, HttpResponseStatus.FORBIDDEN,
                                        reader + " may not read '" + nodes.get(i) + "'");
                            }
                            return;
                        }
                    }
                    startMulti(ctx, nodes, resumed, reader, keepAlive, requestHeaders);
                }));
    }

    private void startMulti(ChannelHandlerContext ctx, List<String> nodes, Map<String, Long> resumed, JID reader,
                            boolean keepAlive, HttpHeaders requestHeaders) {
        HttpResponse response = streamHead(requestHeaders, reader, false, keepAlive);
        Channel channel = ctx.channel();
        channel.write(response);
        channel.writeAndFlush(ByteBufUtil.writeUtf8(channel.alloc(), SseFormat.comment("stream of nodes " + nodes)
                + SseFormat.retry(settings.retryHint().toMillis())));
        MultiStream multi = new MultiStream(channel, nodes, resumed);
        channel.attr(MultiStream.KEY).set(multi);
        StreamOutput.of(channel, settings.heartbeatInterval()).install(channel);
        for (String node : nodes) {
            OpenStream.Request open = new OpenStream.Request(node, reader, MultiStream.resumePoint(resumed, node), 0);
            engine.openStream(open, start -> {
                multi.start(node, start);
                streams.add(node, channel, reader);
            }).whenComplete((outcome, failure) -> {
                if (failure != null || outcome != OpenStream.Outcome.OPENED) {
                    // access changed since the check (or the node went): this node's part does not start
                    multi.named(node, -1, "error", "{\"node\":" + Json.string(node)
                            + ",\"status\":" + (outcome == OpenStream.Outcome.NO_SUCH_NODE ? 404 : 403) + "}");
                }
            });
        }
    }

    /** The 200 that starts a stream (for HEAD, the same head without a body to follow). */
    private HttpResponse streamHead(HttpHeaders requestHeaders, JID reader, boolean head, boolean keepAlive) {
        HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8")
                .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE)
                .set("X-Accel-Buffering", "no");
        cors.apply(requestHeaders, response, reader == null);
        if (!head) {
            response.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
            if (!keepAlive) {
                response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            }
        }
        return response;
    }

    /** Who reads a stream: a token's JID, or anonymous (null). */
    private record Reader(JID jid) {
    }

    /**
     * The request's reader: the JID of its token (query parameter, else cookie), or anonymous; null when the
     * token is not valid (then the request has been answered 401). A token's stream ends when the token does.
     */
    private Reader reader(ChannelHandlerContext ctx, FullHttpRequest request, QueryStringDecoder query) {
        String token = ReaderToken.of(query.parameters(), request.headers().get(HttpHeaderNames.COOKIE));
        if (token == null) {
            return new Reader(null);
        }
        StreamTokens.Token read = tokens.read(token).orElse(null);
        if (read == null) {
            refuseUnauthorized(ctx, "The token is not valid or has expired: get a new one over XMPP");
            return null;
        }
        endAt(ctx.channel(), Duration.between(Instant.now(), read.expires()));
        return new Reader(read.jid());
    }

    /** Takes a place for a stream; false when a limit is reached (then the request has been answered 503). */
    private boolean reserve(ChannelHandlerContext ctx) {
        if (limits.reserve(ctx.channel())) {
            return true;
        }
        // too many streams in all or from this address: the client is to come back later
        HttpResponse busy = Responses.text(HttpResponseStatus.SERVICE_UNAVAILABLE, "Too many streams; try again later");
        busy.headers().set(HttpHeaderNames.RETRY_AFTER, RETRY_AFTER_SECONDS);
        Responses.send(ctx, null, busy);
        return false;
    }

    /**
     * A stream read with a token ends when the token does ({@code left} from now; see {@link StreamOutput#end}); the
     * client comes back with a new one.
     */
    static void endAt(Channel channel, Duration left) {
        var ending = channel.eventLoop().schedule(() -> StreamOutput.end(channel), Math.max(0, left.toMillis()),
                TimeUnit.MILLISECONDS);
        channel.closeFuture().addListener(closed -> ending.cancel(false));
    }

    private static void refuseUnauthorized(ChannelHandlerContext ctx, String text) {
        HttpResponse refused = Responses.text(HttpResponseStatus.UNAUTHORIZED, text);
        refused.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"pubsub\"");
        ctx.writeAndFlush(refused).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("HTTP connection {} failed: {}", ClientAddress.describing(ctx.channel()), cause.toString());
        ctx.close();
    }
}
