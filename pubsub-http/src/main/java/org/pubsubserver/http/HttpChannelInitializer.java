package org.pubsubserver.http;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerUpgradeHandler;
import io.netty.handler.codec.http2.CleartextHttp2ServerUpgradeHandler;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2ServerUpgradeCodec;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ApplicationProtocolNegotiationHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.util.AsciiString;
import java.util.function.Predicate;
import org.pubsubserver.core.access.StreamTokens;
import org.pubsubserver.core.engine.PubSubEngine;
import org.pubsubserver.http.connection.AnswersInOrder;
import org.pubsubserver.http.connection.BodyBudget;
import org.pubsubserver.http.connection.ClientAddressHandler;
import org.pubsubserver.http.connection.ConnectionLimits;
import org.pubsubserver.http.connection.RequestBodyLimit;
import org.pubsubserver.http.connection.RequestFraming;
import org.pubsubserver.http.connection.RequestTimeout;
import org.pubsubserver.http.publish.PublishCounts;
import org.pubsubserver.http.publish.PublishRoute;
import org.pubsubserver.http.routing.Cors;
import org.pubsubserver.http.routing.HttpExchange;
import org.pubsubserver.http.routing.Router;
import org.pubsubserver.http.sse.SseStreams;

/**
 * The one place the HTTP pipeline is built. An HTTP/1.1 connection, over TLS or not:
 * {@code [tls] codec framing [upgrade] request-timeout body-limit aggregator in-order [client-address] router};
 * each HTTP/2 stream: {@code codec body-limit aggregator stream-requests [client-address] router}. The router
 * answers each request through the route table ({@link HttpRoutes}). Bodies are bounded before they are gathered:
 * a publish whose head carries credentials by {@code http.publish-max-body}, every other request by
 * {@value #MAX_REQUEST_BODY} bytes, and the large ones gathered at once by a budget of
 * {@value #BODY_BUDGET_BODIES} of the largest.
 */
final class HttpChannelInitializer extends ChannelInitializer<Channel> {
    static final String CODEC = "http-codec";
    static final String FRAMING = "http-framing";
    static final String REQUEST_TIMEOUT = "request-timeout";
    static final String BODY_LIMIT = "body-limit";
    static final String AGGREGATOR = "http-aggregator";
    static final String IN_ORDER = "in-order";
    static final String CLIENT_ADDRESS = "client-address";
    static final String ROUTER = "router";
    /** A request other than a publish needs no body bigger than this. */
    static final int MAX_REQUEST_BODY = 16 * 1024;
    /** The server gathers at most this many publish bodies of the largest size at once (503 past them). */
    static final int BODY_BUDGET_BODIES = 32;

    private final HttpSettings settings;
    private final ChannelGroup openChannels;
    private final ConnectionLimits connections;
    /** Null when no proxy is trusted: every client is then its TCP peer. */
    private final ClientAddressHandler clientAddresses;
    private final RequestTimeout.StreamRequests streamRequests = new RequestTimeout.StreamRequests();
    /** Every request's answer; one for all connections. */
    private final Router router;
    /** Null without TLS. */
    private final SslContext tls;
    /** Which requests may carry a body up to the publish limit. */
    private final Predicate<HttpRequest> largeBodies;
    /** The bytes of large bodies gathered at once, in all. */
    private final BodyBudget bodyBudget;

    HttpChannelInitializer(PubSubEngine engine, SseStreams streams, HttpSettings settings, ChannelGroup openChannels,
                           StreamTokens tokens, PublishCounts publishCounts) {
        this.tls = settings.tls() == null ? null : TlsContexts.forServer(settings.tls());
        this.settings = settings;
        this.openChannels = openChannels;
        PublishRoute publish = new PublishRoute(engine, tokens, settings.publishing(), new Cors(settings.corsOrigins()),
                engine.clock(), publishCounts);
        this.router = HttpRoutes.router(engine, streams, settings, tokens, publish);
        this.largeBodies = publish::takesLargeBody;
        this.bodyBudget = new BodyBudget((long) BODY_BUDGET_BODIES * settings.publishing().maxBody());
        this.connections = new ConnectionLimits(settings.connections().max(), settings.connections().maxPerAddress(),
                settings.trustedProxies());
        this.clientAddresses = settings.trustedProxies().isEmpty() ? null
                : new ClientAddressHandler(settings.trustedProxies());
    }

    @Override
    protected void initChannel(Channel channel) {
        if (!connections.admit(channel)) {
            channel.close(); // over a connection limit: nothing is built for it
            return;
        }
        openChannels.add(channel);
        ChannelPipeline pipeline = channel.pipeline();
        // from the connection's opening (TLS handshake included) until its first request, and between requests
        RequestTimeout timeout = new RequestTimeout(settings.connections().requestTimeout());
        if (tls != null) {
            // TLS with ALPN: h2 where the client offers it (browsers use HTTP/2 only so), else HTTP/1.1
            pipeline.addLast(tls.newHandler(channel.alloc()), new ApplicationProtocolNegotiationHandler(
                    ApplicationProtocolNames.HTTP_1_1) {
                @Override
                protected void configurePipeline(ChannelHandlerContext ctx, String protocol) {
                    if (ApplicationProtocolNames.HTTP_2.equals(protocol)) {
                        ctx.pipeline().addLast(Http2FrameCodecBuilder.forServer().build(),
                                new Http2MultiplexHandler(new Http2StreamInitializer()));
                        timeout.http2();
                    } else {
                        ctx.pipeline().addBefore(REQUEST_TIMEOUT, CODEC, RequestFraming.serverCodec())
                                .addBefore(REQUEST_TIMEOUT, FRAMING, new RequestFraming());
                        addBodyHandlers(ctx.pipeline());
                        ctx.pipeline().addLast(IN_ORDER, new AnswersInOrder(HttpExchange::isTaken));
                        addHandlers(ctx.pipeline());
                    }
                }
            }).addLast(REQUEST_TIMEOUT, timeout);
            return;
        }
        // HTTP/1.1, or HTTP/2 without TLS (h2c): by prior knowledge or by an Upgrade from HTTP/1.1
        HttpServerCodec http1 = RequestFraming.serverCodec();
        HttpServerUpgradeHandler upgrade = new HttpServerUpgradeHandler(http1, protocol ->
                AsciiString.contentEquals(Http2CodecUtil.HTTP_UPGRADE_PROTOCOL_NAME, protocol)
                        ? new Http2ServerUpgradeCodec(Http2FrameCodecBuilder.forServer().build(),
                                new Http2MultiplexHandler(new Http2StreamInitializer()))
                        : null, MAX_REQUEST_BODY);
        ChannelHandler priorKnowledge = new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel connection) {
                connection.pipeline().addLast(Http2FrameCodecBuilder.forServer().build(),
                        new Http2MultiplexHandler(new Http2StreamInitializer()));
            }
        };
        pipeline.addLast(CODEC, new CleartextHttp2ServerUpgradeHandler(http1, upgrade, priorKnowledge));
        // that put the HTTP/1.1 codec and the upgrade handler after itself: the framing check goes right after the
        // codec, so an Upgrade request is checked too (the upgrade handler switches to HTTP/2 whatever the codec
        // made of the request: one it could not read is refused here); the timeout after the upgrade, whose event
        // it needs to see
        pipeline.addAfter(pipeline.context(http1).name(), FRAMING, new RequestFraming())
                .addAfter(pipeline.context(upgrade).name(), REQUEST_TIMEOUT, timeout);
        addBodyHandlers(pipeline);
        pipeline.addLast(IN_ORDER, new AnswersInOrder(HttpExchange::isTaken));
        addHandlers(pipeline);
    }

    /** The body's bound, then its gathering into one request. */
    private void addBodyHandlers(ChannelPipeline pipeline) {
        RequestBodyLimit limit = new RequestBodyLimit(MAX_REQUEST_BODY, settings.publishing().maxBody(), largeBodies,
                bodyBudget);
        pipeline.addLast(BODY_LIMIT, limit).addLast(AGGREGATOR, new HttpObjectAggregator(limit.maxBody()));
    }

    /** The requests' side: the same on an HTTP/1.1 connection and on each HTTP/2 stream. */
    private void addHandlers(ChannelPipeline pipeline) {
        if (clientAddresses != null) {
            pipeline.addLast(CLIENT_ADDRESS, clientAddresses);
        }
        pipeline.addLast(ROUTER, router);
    }

    /** Each HTTP/2 stream as an HTTP/1.1-style exchange, its text going out as HTTP/2 DATA frames. */
    private final class Http2StreamInitializer extends ChannelInitializer<Http2StreamChannel> {
        @Override
        protected void initChannel(Http2StreamChannel stream) {
            stream.pipeline()
                    .addLast(new Http2StreamFrameToHttpObjectCodec(true))
                    .addLast(new ContentForHttp2());
            addBodyHandlers(stream.pipeline());
            stream.pipeline().addLast(streamRequests); // the connection is not waiting while a stream answers a request
            addHandlers(stream.pipeline());
        }
    }
}
