package org.pubsubserver.xmpp.link;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.pubsubserver.xmpp.stream.netty.XmppStreamDecoder;

/** The one place that builds the link's pipeline and sets its socket options. */
final class ComponentLinkInitializer extends ChannelInitializer<Channel> {
    static final String FLUSH = "flush-consolidation";
    static final String IDLE = "idle";
    static final String KEEPALIVE = "keepalive";
    static final String DECODER = "stream-decoder";
    static final String SESSION = "session";
    static final String EXCEPTIONS = "exceptions";

    /** The channel turns unwritable above the high mark and writable again below the low one. */
    static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(256 * 1024, 1024 * 1024);
    /** Past this many bytes waiting to be written, {@link ComponentLink#send} refuses stanzas. */
    static final long MAX_PENDING_BYTES = 16L * 1024 * 1024;
    /** Flushes coalesced while the socket is busy; at most this many writes wait for one flush. */
    private static final int FLUSHES_PER_WRITE = 64;

    private final ComponentLinkSettings settings;
    private final InboundStanzaHandler handler;
    private final Consumer<Channel> onAuthenticated;
    private final LinkExceptionHandler exceptions = new LinkExceptionHandler();

    ComponentLinkInitializer(ComponentLinkSettings settings, InboundStanzaHandler handler,
            Consumer<Channel> onAuthenticated) {
        this.settings = settings;
        this.handler = handler;
        this.onAuthenticated = onAuthenticated;
    }

    /** Applies the link's socket options and this initializer to a bootstrap. */
    Bootstrap configure(Bootstrap bootstrap) {
        return bootstrap
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE,
                        settings.connectTimeout().toMillis()))
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                .handler(this);
    }

    @Override
    protected void initChannel(Channel channel) {
        ChannelPipeline pipeline = channel.pipeline();
        pipeline.addLast(FLUSH, new FlushConsolidationHandler(FLUSHES_PER_WRITE, true));
        if (!settings.keepaliveInterval().isZero()) {
            pipeline.addLast(IDLE, new IdleStateHandler(0, settings.keepaliveInterval().toNanos(), 0,
                    TimeUnit.NANOSECONDS));
            pipeline.addLast(KEEPALIVE, new KeepaliveHandler());
        }
        pipeline.addLast(DECODER, new XmppStreamDecoder(settings.maxStanzaBytes()));
        pipeline.addLast(SESSION, new ComponentSessionHandler(settings, handler, onAuthenticated));
        pipeline.addLast(EXCEPTIONS, exceptions);
    }

    /** The session handler of a channel this initializer set up. */
    static ComponentSessionHandler session(Channel channel) {
        return (ComponentSessionHandler) channel.pipeline().get(SESSION);
    }
}
