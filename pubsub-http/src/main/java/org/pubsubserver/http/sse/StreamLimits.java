package org.pubsubserver.http.sse;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.net.InetAddress;
import org.pubsubserver.http.connection.ClientAddress;
import org.pubsubserver.http.connection.Places;
import org.pubsubserver.http.connection.TrustedProxies;
import org.pubsubserver.http.response.Responses;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How many streams may be open in all and from one client address. A stream takes its place before it is opened
 * and gives it back when its connection closes; past a limit the request is answered 503 with Retry-After, and
 * the first refusal is logged (once per address) with the setting to raise.
 *
 * <p>The address is the client's (see {@link ClientAddress}): behind a trusted reverse proxy, the one it
 * forwards. A client whose address is itself a trusted proxy (a proxy that forwards no address) is not limited
 * per address, so that one proxy does not cap the whole service.
 */
public final class StreamLimits {
    private static final Logger LOG = LoggerFactory.getLogger(StreamLimits.class);
    /** What a client over a stream limit is told to wait before it tries again. */
    private static final int RETRY_AFTER_SECONDS = 10;

    private final Places places;

    /** 0 for either limit means none. */
    public StreamLimits(int maxStreams, int maxPerAddress, TrustedProxies proxies) {
        this.places = new Places(maxStreams, maxPerAddress, proxies, new Places.Refusals() {
            @Override
            public void inAll(int limit) {
                LOG.warn("SSE streams reached http.max-streams ({}): new streams get 503 until some close", limit);
            }

            @Override
            public void perAddress(Channel channel, InetAddress address, int limit) {
                LOG.warn("SSE streams from {} reached http.max-streams-per-address ({}): further ones from it get 503"
                        + " until some close. Raise the setting if many readers share that address (a NAT); a reverse"
                        + " proxy's address belongs in http.trusted-proxies", ClientAddress.describe(channel), limit);
            }
        });
    }

    /** Takes a place for a stream on {@code channel}, released when it closes; false when a limit is reached. */
    boolean reserve(Channel channel) {
        return places.take(channel, ClientAddress.of(channel));
    }

    /** Takes a place for a stream; false when a limit is reached (then the request has been answered 503). */
    boolean admit(ChannelHandlerContext ctx) {
        if (reserve(ctx.channel())) {
            return true;
        }
        // too many streams in all or from this address: the client is to come back later
        HttpResponse busy = Responses.text(HttpResponseStatus.SERVICE_UNAVAILABLE, "Too many streams; try again later");
        busy.headers().set(HttpHeaderNames.RETRY_AFTER, RETRY_AFTER_SECONDS);
        Responses.send(ctx, null, busy);
        return false;
    }

    /** Streams open now. */
    public int open() {
        return places.open();
    }
}
