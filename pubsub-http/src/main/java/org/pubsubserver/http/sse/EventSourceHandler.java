package org.pubsubserver.http.sse;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.Optional;
import org.pubsubserver.core.engine.PubSubEngine;
import org.pubsubserver.core.model.Node;
import org.pubsubserver.http.HttpSettings;
import org.pubsubserver.http.routing.HostMatcher;
import org.pubsubserver.http.routing.Responses;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /eventsource/{node}} on one of our hostnames: answers {@code text/event-stream} and keeps
 * the connection as a stream of the node's published items. The node is looked up on the engine's lane,
 * never on this event loop; the answer is written back on the channel's own executor.
 */
public final class EventSourceHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    public static final String PATH_PREFIX = "/eventsource/";
    private static final Logger LOG = LoggerFactory.getLogger(EventSourceHandler.class);

    private final PubSubEngine engine;
    private final SseStreams streams;
    private final HostMatcher hosts;
    private final HttpSettings settings;
    /** One request per connection: once it is being answered, further input on the channel is ignored. */
    private boolean requestTaken;

    public EventSourceHandler(PubSubEngine engine, SseStreams streams, HostMatcher hosts, HttpSettings settings) {
        this.engine = engine;
        this.streams = streams;
        this.hosts = hosts;
        this.settings = settings;
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
        String path;
        try {
            path = new QueryStringDecoder(request.uri()).path();
        } catch (IllegalArgumentException e) {
            Responses.sendText(ctx, request, HttpResponseStatus.BAD_REQUEST, "Malformed URL: " + e.getMessage());
            return;
        }
        String node = path.startsWith(PATH_PREFIX) ? path.substring(PATH_PREFIX.length()) : "";
        if (node.isEmpty()) {
            Responses.sendText(ctx, request, HttpResponseStatus.NOT_FOUND, "Not found");
            return;
        }
        if (!HttpMethod.GET.equals(request.method())) {
            Responses.sendText(ctx, request, HttpResponseStatus.METHOD_NOT_ALLOWED, "Only GET is served here");
            return;
        }
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        requestTaken = true;
        engine.mayRead(node, null).whenComplete((readable, failure) -> ctx.executor().execute(() -> {
            if (!ctx.channel().isActive()) {
                return;
            }
            if (failure != null) {
                LOG.warn("Could not look up node {} for an SSE stream", node, failure);
                Responses.sendText(ctx, null, HttpResponseStatus.SERVICE_UNAVAILABLE, "Try again later");
            } else {
                open(ctx, node, readable, keepAlive);
            }
        }));
    }

    /** {@code readable}: empty when there is no such node, else whether an anonymous reader may read it. */
    private void open(ChannelHandlerContext ctx, String name, Optional<Boolean> readable, boolean keepAlive) {
        if (readable.isEmpty()) {
            Responses.sendText(ctx, null, HttpResponseStatus.NOT_FOUND, "No node named '" + name + "'");
            return;
        }
        if (!readable.get()) {
            // only nodes with the open access model stream to anyone; the others need to know who reads
            HttpResponse refused = Responses.text(HttpResponseStatus.UNAUTHORIZED,
                    "Node '" + name + "' is not open: its items are for the entities its access model admits");
            refused.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"pubsub\"");
            ctx.writeAndFlush(refused).addListener(io.netty.channel.ChannelFutureListener.CLOSE);
            return;
        }
        HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8")
                .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE)
                .set("X-Accel-Buffering", "no")
                .set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        if (!keepAlive) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        ctx.write(response);
        String preamble = SseFormat.comment("stream of node " + name) + SseFormat.retry(settings.retryHint().toMillis());
        ctx.writeAndFlush(ByteBufUtil.writeUtf8(ctx.alloc(), preamble));
        ctx.pipeline().addBefore(ctx.name(), SseHeartbeat.NAME, new SseHeartbeat(settings.heartbeatInterval()));
        streams.add(name, ctx.channel());
        LOG.debug("SSE stream of node {} opened for {}", name, ctx.channel().remoteAddress());
        // A delete or a change of access model committed between the lookup and add() reached no stream:
        // look again, on the lane again, which runs after any such change.
        engine.mayRead(name, null).whenComplete((still, failure) -> {
            if (failure == null && still.isEmpty()) {
                ctx.channel().writeAndFlush(ByteBufUtil.writeUtf8(ctx.alloc(), SseStreams.deleteEvent(name)))
                        .addListener(io.netty.channel.ChannelFutureListener.CLOSE);
            } else if (failure == null && !still.get()) {
                ctx.channel().close();
            }
        });
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("HTTP connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
