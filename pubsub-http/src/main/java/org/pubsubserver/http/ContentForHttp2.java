package org.pubsubserver.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultHttpContent;

/**
 * On an HTTP/2 stream: the stream's text is written as plain buffers (as HTTP/1.1's codec takes them);
 * the HTTP/2 stream codec takes HTTP content objects, so each buffer goes out as one.
 */
final class ContentForHttp2 extends ChannelOutboundHandlerAdapter {
    @Override
    public void write(ChannelHandlerContext ctx, Object message, ChannelPromise promise) {
        ctx.write(message instanceof ByteBuf buffer ? new DefaultHttpContent(buffer) : message, promise);
    }
}
