package org.pubsubserver.http.sse;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import org.pubsubserver.core.model.Item;
import org.pubsubserver.core.usecase.OpenStream;
import org.pubsubserver.http.connection.ClientAddress;
import org.pubsubserver.http.response.Responses;
import org.pubsubserver.http.routing.HttpExchange;
import org.pubsubserver.http.routing.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xmpp.packet.JID;

/**
 * {@code GET /eventsource/{node}} (and HEAD): answers {@code text/event-stream} and keeps the connection as a
 * stream of the node's published items, resumed after its Last-Event-ID ({@link ResumePoint}). The node is looked
 * up on the engine's lane, never on the event loop; the refusals are written back on the channel's own executor.
 */
public final class NodeStreamRoute implements Route {
    public static final String PATH_PREFIX = "/eventsource/";
    private static final Logger LOG = LoggerFactory.getLogger(NodeStreamRoute.class);

    private final StreamRouteParts parts;

    public NodeStreamRoute(StreamRouteParts parts) {
        this.parts = parts;
    }

    @Override
    public void answer(HttpExchange exchange) {
        ChannelHandlerContext ctx = exchange.ctx();
        String node = exchange.path().substring(PATH_PREFIX.length());
        boolean head = HttpMethod.HEAD.equals(exchange.method());
        String lastEventId = ResumePoint.lastEventId(exchange);
        long after = ResumePoint.of(lastEventId);
        int last = ResumePoint.lastItemsOr400(exchange);
        if (last < 0) {
            return;
        }
        if (!head && !parts.limits().admit(ctx)) {
            return;
        }
        StreamReaders.Reader who = parts.readers().of(exchange);
        if (who == null) {
            return;
        }
        exchange.takeOverConnection();
        Opening opening = new Opening(ctx, node, who.jid(), head, HttpUtil.isKeepAlive(exchange.request()),
                exchange.headers().copy(), lastEventId, last);
        // The access check, the replay and the stream's registration happen together on the node's lane,
        // so no event of the node falls between the replay and the live stream.
        OpenStream.Request open = new OpenStream.Request(node, who.jid(), head ? OpenStream.NO_RESUME : after,
                head ? 0 : last);
        parts.engine().openStream(open, opening::started).whenComplete((outcome, failure) ->
                ctx.executor().execute(() -> opening.ended(outcome, failure)));
    }

    /** One stream being opened: its answer, written on the node's lane once the engine has let it start. */
    private final class Opening {
        private final ChannelHandlerContext ctx;
        private final String node;
        private final JID reader;
        private final boolean head;
        private final boolean keepAlive;
        private final HttpHeaders requestHeaders;
        private final String lastEventId;
        private final int lastItems;
        /** Set on the lane once the 200 is written, so a later failure closes the stream instead of answering again. */
        private volatile boolean answered;

        Opening(ChannelHandlerContext ctx, String node, JID reader, boolean head, boolean keepAlive,
                HttpHeaders requestHeaders, String lastEventId, int lastItems) {
            this.lastEventId = lastEventId;
            this.lastItems = lastItems;
            this.ctx = ctx;
            this.node = node;
            this.reader = reader;
            this.head = head;
            this.keepAlive = keepAlive;
            this.requestHeaders = requestHeaders;
        }

        /**
         * On the node's lane: the response head, the preamble, the replay (or a reset) and, for GET, the stream's
         * registration, in this order (see {@link SseStreams#start}).
         */
        void started(OpenStream.Start start) {
            answered = true;
            String name = start.node().name();
            HttpResponse response = parts.heads().of(requestHeaders, reader, head, keepAlive);
            if (head) {
                ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
                return;
            }
            Channel channel = ctx.channel();
            StringBuilder text = new StringBuilder(parts.preamble("node " + name));
            if (start.reset()) {
                text.append(SseMessage.reset(name, start.position()).text());
            }
            for (Item item : start.items()) {
                text.append(SseMessage.item(item).text());
            }
            // an id without data: the client's last event id is where the node stood, so a reconnect before any
            // event resumes from here instead of starting fresh (WHATWG "dispatch the event", step 1)
            text.append("id: ").append(start.position()).append("\n\n");
            // head and opening go the way the broadcast events go, so they are sent first
            parts.streams().start(name, channel, reader, response, ByteBufUtil.writeUtf8(channel.alloc(), text),
                    StreamOutput.of(channel, parts.heartbeat()), ReplayMark.of(start));
            LOG.debug("SSE stream of node {} opened for {} ({} replayed{})", name, ClientAddress.describing(channel),
                    start.items().size(), start.reset() ? ", reset" : "");
        }

        /**
         * XEP-0248: the node is a collection the reader may read. Its stream is one of the leaves below it that the
         * reader may read, as a stream of several nodes ({@link MultiStream}: each event names its leaf, each id holds
         * every leaf's position, so a reconnect resumes each leaf where it was), registered under the collection too:
         * a change of the collection's children ends it, and the reconnect streams the leaves it then has.
         */
        private void collection() {
            if (head) {
                ctx.writeAndFlush(parts.heads().of(requestHeaders, reader, true, keepAlive))
                        .addListener(ChannelFutureListener.CLOSE);
                return;
            }
            parts.engine().readableLeavesBelow(node, reader).whenComplete((leaves, failure) ->
                    ctx.executor().execute(() -> {
                        if (!ctx.channel().isActive()) {
                            return;
                        }
                        if (failure != null) {
                            LOG.warn("Could not open an SSE stream of collection {}", node, failure);
                            Responses.sendText(ctx, null, HttpResponseStatus.SERVICE_UNAVAILABLE, "Try again later");
                            return;
                        }
                        answered = true;
                        MultiNodeStreamRoute.start(parts, ctx, leaves, MultiStream.parse(lastEventId), reader,
                                keepAlive, requestHeaders, node, lastItems);
                    }));
        }

        /** On the channel's event loop, once the engine is done: the refusal, if the stream did not start. */
        void ended(OpenStream.Outcome outcome, Throwable failure) {
            if (!ctx.channel().isActive()) {
                return;
            }
            if (failure != null) {
                LOG.warn("Could not open an SSE stream of node {}", node, failure);
                if (answered) {
                    StreamOutput.end(ctx.channel(), StreamEnd.ERROR); // the stream's pipeline may have been slimmed past the router
                } else {
                    Responses.sendText(ctx, null, HttpResponseStatus.SERVICE_UNAVAILABLE, "Try again later");
                }
            } else if (outcome == OpenStream.Outcome.COLLECTION) {
                collection();
            } else if (outcome == OpenStream.Outcome.NO_SUCH_NODE) {
                Responses.sendText(ctx, null, HttpResponseStatus.NOT_FOUND, "No node named '" + node + "'");
            } else if (outcome == OpenStream.Outcome.NOT_ALLOWED && reader == null) {
                // only nodes with the open access model stream to anyone; the others need to know who reads
                StreamReaders.refuseUnauthorized(ctx, "Node '" + node + "' is not open: read it with a token (the XMPP"
                        + " command 'urn:pubsubserver:sse-token' gives one)");
            } else if (outcome == OpenStream.Outcome.NOT_ALLOWED) {
                Responses.sendText(ctx, null, HttpResponseStatus.FORBIDDEN, reader + " may not read '" + node + "'");
            }
        }
    }
}
