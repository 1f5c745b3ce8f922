package org.pubsubserver.http;

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

    HttpChannelInitializer(PubSubEngine engine, SseStreams streams, HttpSettings settings, ChannelGroup openChannels,
                           StreamTokens tokens) {
        this.tokens = tokens;
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
        channel.pipeline()
                .addLast(CODEC, new HttpServerCodec())
                .addLast(AGGREGATOR, new HttpObjectAggregator(MAX_REQUEST_BODY))
                .addLast(DEMO_PAGE, new DemoPageHandler(engine, hosts, demoPage))
                .addLast(EVENT_SOURCE, new EventSourceHandler(engine, streams, hosts, settings, limits, tokens));
    }
}
