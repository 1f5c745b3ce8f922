package org.pubsubserver.http.connection;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpRequest;

/**
 * Behind trusted proxies: notes each request's client (see {@link ClientAddress}) on its channel before the
 * request is handled. Not in the pipeline when no proxy is trusted; then the client is the TCP peer.
 */
@ChannelHandler.Sharable
public final class ClientAddressHandler extends ChannelInboundHandlerAdapter {
    private final TrustedProxies proxies;

    public ClientAddressHandler(TrustedProxies proxies) {
        this.proxies = proxies;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
        if (message instanceof HttpRequest request) {
            ctx.channel().attr(ClientAddress.KEY).set(
                    ClientAddress.resolve(ClientAddress.peer(ctx.channel()), request.headers(), proxies));
        }
        ctx.fireChannelRead(message);
    }
}
