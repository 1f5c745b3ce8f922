package org.pubsubserver.http;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpServerUpgradeHandler;
import io.netty.handler.codec.http2.CleartextHttp2ServerUpgradeHandler;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2ServerUpgradeCodec;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.util.AsciiString;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ApplicationProtocolNegotiationHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import org.pubsubserver.core.access.StreamTokens;
import org.pubsubserver.core.engine.PubSubEngine;
import org.pubsubserver.http.routing.HostMatcher;
import org.pubsubserver.http.sse.EventSourceHandler;
import org.pubsubserver.http.sse.StreamLimits;
import org.pubsubserver.http.web.DemoPageHandler;
import org.pubsubserver.http.sse.SseStreams;

/** The one place the HTTP pipeline is built. */
final class HttpChannelInitializer extends ChannelInitializer<SocketChannel> {
    static final String CODEC = "http-codec";
    static final String AGGREGATOR = "http-aggregator";
    static final String DEMO_PAGE = "demo-page";
    static final String EVENT_SOURCE = "event-source";
    /** Requests are GETs: nothing on this server needs a body bigger than this. */
    private static final int MAX_REQUEST_BODY = 16 * 1024;

    private final PubSubEngine engine;
    private final SseStreams streams;
    private final HostMatcher hosts;
    private final HttpSettings settings;
    private final ChannelGroup openChannels;
    private final StreamLimits limits;
    private final byte[] demoPage = DemoPageHandler.loadPage();

    private final StreamTokens tokens;
    /** Null without TLS. */
    private final SslContext tls;

    HttpChannelInitializer(PubSubEngine engine, SseStreams streams, HttpSettings settings, ChannelGroup openChannels,
                           StreamTokens tokens) {
        this.tokens = tokens;
        this.tls = settings.tls() == null ? null : TlsContexts.forServer(settings.tls());
        this.engine = engine;
        this.streams = streams;
        this.hosts = new HostMatcher(settings.hosts());
        this.settings = settings;
        this.openChannels = openChannels;
        this.limits = new StreamLimits(settings.maxStreams(), settings.maxStreamsPerAddress());
    }

    @Override
    protected void initChannel(SocketChannel channel) {
        openChannels.add(channel);
        if (tls != null) {
            // TLS with ALPN: h2 where the client offers it (browsers use HTTP/2 only so), else HTTP/1.1
            channel.pipeline().addLast(tls.newHandler(channel.alloc()), new ApplicationProtocolNegotiationHandler(
                    ApplicationProtocolNames.HTTP_1_1) {
                @Override
                protected void configurePipeline(ChannelHandlerContext ctx, String protocol) {
                    if (ApplicationProtocolNames.HTTP_2.equals(protocol)) {
                        ctx.pipeline().addLast(Http2FrameCodecBuilder.forServer().build(),
                                new Http2MultiplexHandler(new Http2StreamInitializer()));
                    } else {
                        ctx.pipeline().addLast(CODEC, new HttpServerCodec())
                                .addLast(AGGREGATOR, new HttpObjectAggregator(MAX_REQUEST_BODY));
                        addHandlers(ctx.pipeline());
                    }
                }
            });
            return;
        }
        // HTTP/1.1, or HTTP/2 without TLS (h2c): by prior knowledge or by an Upgrade from HTTP/1.1
        HttpServerCodec http1 = new HttpServerCodec();
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
        channel.pipeline()
                .addLast(CODEC, new CleartextHttp2ServerUpgradeHandler(http1, upgrade, priorKnowledge))
                .addLast(AGGREGATOR, new HttpObjectAggregator(MAX_REQUEST_BODY));
        addHandlers(channel.pipeline());
    }

    /** The page and the streams: the same on an HTTP/1.1 connection and on each HTTP/2 stream. */
    private void addHandlers(ChannelPipeline pipeline) {
        pipeline.addLast(DEMO_PAGE, new DemoPageHandler(engine, hosts, demoPage))
                .addLast(EVENT_SOURCE, new EventSourceHandler(engine, streams, hosts, settings, limits, tokens));
    }

    /** Each HTTP/2 stream as an HTTP/1.1-style exchange, its text going out as HTTP/2 DATA frames. */
    private final class Http2StreamInitializer extends ChannelInitializer<Http2StreamChannel> {
        @Override
        protected void initChannel(Http2StreamChannel stream) {
            stream.pipeline()
                    .addLast(new Http2StreamFrameToHttpObjectCodec(true))
                    .addLast(new ContentForHttp2())
                    .addLast(new HttpObjectAggregator(MAX_REQUEST_BODY));
            addHandlers(stream.pipeline());
        }
    }
}
