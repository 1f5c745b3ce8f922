package org.pubsubserver.http.sse;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * What a started stream's pipeline keeps, and its heartbeat.
 *
 * <p>On an HTTP/1.1 connection the stream is the rest of the connection: once its response head has been
 * written, {@link #install} takes out the HTTP codec, the aggregator and the request handlers (a few hundred
 * bytes of buffers and parser state per stream, idle for the stream's life) and this handler frames each
 * write as a chunk itself. Bytes the client sends after its request are dropped. On an HTTP/2 stream the
 * pipeline stays as it is and writes pass unchanged.
 *
 * <p>The heartbeat: a comment line on a stream that has had no write for the whole interval, so that proxies
 * keep it open; a stream that had none and still cannot take more (nothing queued has left in an interval)
 * is closed: its client is gone or stalled.
 */
final class StreamOutput extends ChannelDuplexHandler implements Runnable {
    static final String NAME = "sse-stream";
    private static final byte[] CRLF = {'\r', '\n'};

    private final boolean chunked;
    private final long intervalMillis;
    private ChannelHandlerContext ctx;
    private Future<?> tick;
    /** A write since the last tick. */
    private boolean wrote;

    private StreamOutput(boolean chunked, Duration heartbeat) {
        this.chunked = chunked;
        this.intervalMillis = heartbeat.toMillis();
    }

    /** The output for a stream on {@code channel}: chunked where the channel speaks HTTP/1.1. Any thread. */
    static StreamOutput of(Channel channel, Duration heartbeat) {
        return new StreamOutput(channel.pipeline().get(HttpServerCodec.class) != null, heartbeat);
    }

    /** Whether this output frames chunks (HTTP/1.1), so that ready-made chunks may be given to {@link #writeChunk}. */
    boolean chunked() {
        return chunked;
    }

    /**
     * Puts this handler into {@code channel}'s pipeline, after the stream's response head has been written; on
     * HTTP/1.1 in place of every handler but TLS. On the channel's event loop.
     */
    void install(Channel channel) {
        ChannelPipeline pipeline = channel.pipeline();
        if (chunked) {
            List<ChannelHandler> handlers = new ArrayList<>();
            pipeline.forEach(entry -> handlers.add(entry.getValue()));
            for (ChannelHandler handler : handlers) {
                if (!(handler instanceof SslHandler)) {
                    pipeline.remove(handler);
                }
            }
        }
        pipeline.addLast(NAME, this);
    }

    /** Writes a ready-made HTTP/1.1 chunk (taken over) below this handler, unflushed. On the event loop. */
    void writeChunk(ByteBuf chunk) {
        if (ctx == null) {
            chunk.release(); // not installed: the channel closed before its stream started
            return;
        }
        wrote = true;
        ctx.write(chunk, ctx.voidPromise());
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        if (intervalMillis > 0 && ctx.channel().isActive()) {
            tick = ctx.executor().schedule(this, intervalMillis, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        stopTicking();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        stopTicking();
        ctx.fireChannelInactive();
    }

    private void stopTicking() {
        if (tick != null) {
            tick.cancel(false);
            tick = null;
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (chunked) {
            ReferenceCountUtil.release(msg); // nothing more is read on a stream's connection
        } else {
            ctx.fireChannelRead(msg);
        }
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        wrote = true;
        if (chunked && msg instanceof ByteBuf data) {
            ctx.write(frame(ctx, data), promise);
        } else {
            ctx.write(msg, promise);
        }
    }

    /** {@code data} (taken over) as one chunk. */
    private static ByteBuf frame(ChannelHandlerContext ctx, ByteBuf data) {
        try {
            return chunkOf(data, ctx.alloc());
        } finally {
            data.release();
        }
    }

    /** A copy of {@code data} as one HTTP/1.1 chunk: size line, data, CRLF. */
    static ByteBuf chunkOf(ByteBuf data, ByteBufAllocator alloc) {
        int size = data.readableBytes();
        String head = Integer.toHexString(size) + "\r\n";
        ByteBuf chunk = alloc.directBuffer(head.length() + size + CRLF.length);
        chunk.writeCharSequence(head, StandardCharsets.US_ASCII);
        chunk.writeBytes(data, data.readerIndex(), size);
        return chunk.writeBytes(CRLF);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close(); // a reset by the client, or a TLS error: the stream is over
    }

    /** The heartbeat's tick. */
    @Override
    public void run() {
        Channel channel = ctx.channel();
        if (!channel.isActive()) {
            return;
        }
        if (!wrote) {
            if (!channel.isWritable()) {
                channel.close();
                return;
            }
            channel.writeAndFlush(ByteBufUtil.writeUtf8(ctx.alloc(), SseFormat.comment("heartbeat")));
        }
        wrote = false;
        tick = ctx.executor().schedule(this, intervalMillis, TimeUnit.MILLISECONDS);
    }
}
