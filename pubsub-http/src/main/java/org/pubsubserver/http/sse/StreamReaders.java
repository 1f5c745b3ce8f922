package org.pubsubserver.http.sse;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.Duration;
import java.time.Instant;
import org.pubsubserver.core.access.StreamTokens;
import org.pubsubserver.http.response.Responses;
import org.pubsubserver.http.routing.HttpExchange;
import org.xmpp.packet.JID;

/**
 * Who reads a stream: the JID of the request's token ({@link ReaderToken}: query parameter, else cookie), or
 * anonymous. A token that is not valid is 401, and so is one that may publish sent in the URL (URLs are logged); a
 * stream read with a token ends when the token does.
 */
final class StreamReaders {
    private final StreamTokens tokens;

    StreamReaders(StreamTokens tokens) {
        this.tokens = tokens;
    }

    /** Who reads a stream: a token's JID, or anonymous (null). */
    record Reader(JID jid) {
    }

    /** The request's reader; null when its token is not valid (then the request has been answered 401). */
    Reader of(HttpExchange exchange) {
        String token = ReaderToken.of(exchange.query(), exchange.headers().get(HttpHeaderNames.COOKIE));
        if (token == null) {
            return new Reader(null);
        }
        StreamTokens.Token read = tokens.read(token).orElse(null);
        if (read == null) {
            refuseUnauthorized(exchange.ctx(), "The token is not valid or has expired: get a new one over XMPP");
            return null;
        }
        if (read.scope() == StreamTokens.Scope.PUBLISH && ReaderToken.inUrl(exchange.query())) {
            // URLs end up in proxies' and servers' logs: whoever reads those would publish as the JID
            refuseUnauthorized(exchange.ctx(), "A token that may publish is not taken from the URL: send it as the "
                    + "pubsub_token cookie, or read with a token from urn:pubsubserver:sse-token");
            return null;
        }
        StreamOutput.endAfter(exchange.channel(), Duration.between(Instant.now(), read.expires()));
        return new Reader(read.jid());
    }

    /** 401 with the Bearer challenge, and the connection closed. */
    static void refuseUnauthorized(ChannelHandlerContext ctx, String text) {
        HttpResponse refused = Responses.text(HttpResponseStatus.UNAUTHORIZED, text);
        refused.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"pubsub\"");
        ctx.writeAndFlush(refused).addListener(ChannelFutureListener.CLOSE);
    }
}
