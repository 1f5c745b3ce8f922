package org.pubsubserver.http.sse;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Writes a comment line on a stream that has been silent for the heartbeat interval, so proxies keep it open.
 * It observes the channel's output, not only the writes that pass it: broadcast events enter the pipeline
 * below it ({@link LoopBatches}), and a stream they keep busy is not idle.
 */
final class SseHeartbeat extends IdleStateHandler {
    static final String NAME = "sse-heartbeat";

    SseHeartbeat(Duration interval) {
        super(true, 0, interval.toMillis(), 0, TimeUnit.MILLISECONDS);
    }

    @Override
    protected void channelIdle(ChannelHandlerContext ctx, IdleStateEvent event) {
        if (!ctx.channel().isWritable()) {
            // nothing queued has left for a whole interval: the client is gone or stalled
            ctx.close();
            return;
        }
        ctx.writeAndFlush(ByteBufUtil.writeUtf8(ctx.alloc(), SseFormat.comment("heartbeat")));
    }
}
