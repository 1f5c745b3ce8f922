package org.pubsubserver.xmpp.link;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Last handler of the link's pipeline: any exception ends the connection. I/O errors are recorded as the reason
 * (the link logs it when it reconnects); anything else is a bug and is logged here with its stack trace.
 */
@ChannelHandler.Sharable
final class LinkExceptionHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(LinkExceptionHandler.class);

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException) {
            LOG.debug("I/O error on the component link {}", ctx.channel(), cause);
            LinkFailure.record(ctx.channel(), LinkFailure.ioError(cause));
        } else {
            LOG.error("Unexpected error on the component link {}; closing it", ctx.channel(), cause);
            LinkFailure.record(ctx.channel(), LinkFailure.of(LinkFailure.Kind.INTERNAL_ERROR, String.valueOf(cause)));
        }
        ctx.close();
    }
}
