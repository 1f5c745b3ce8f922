package org.pubsubserver.xmpp.link;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;

/**
 * Writes a single space when the link has written nothing for a while (the whitespace keepalive of RFC 6120
 * §4.6.1), so that the server and any NAT in between see the connection as alive.
 */
final class KeepaliveHandler extends ChannelInboundHandlerAdapter {

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof IdleStateEvent idle && idle.state() == IdleState.WRITER_IDLE) {
            ctx.writeAndFlush(ctx.alloc().buffer(1).writeByte(' '));
        } else {
            ctx.fireUserEventTriggered(event);
        }
    }
}
