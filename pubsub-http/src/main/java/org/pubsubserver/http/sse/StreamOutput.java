package org.pubsubserver.http.sse;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerUpgradeHandler;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.pubsubserver.http.connection.AnswersInOrder;
import org.pubsubserver.http.connection.ClientAddress;
import org.pubsubserver.http.connection.ClientAddressHandler;
import org.pubsubserver.http.connection.RequestBodyLimit;
import org.pubsubserver.http.connection.RequestFraming;
import org.pubsubserver.http.connection.RequestTimeout;
import org.pubsubserver.http.routing.Router;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a started stream's pipeline keeps, and its heartbeat.
 *
 * <p>On an HTTP/1.1 connection the stream is the rest of the connection: once its response head has been
 * written, {@link #install} takes out the HTTP codec, the aggregator and the request handlers (parser state
 * and buffers, idle for the stream's life: they were about half of an idle stream's memory) and this handler
 * frames each write as a chunk itself. TLS stays. Bytes the client sends after its request are dropped. On an
 * HTTP/2 stream the pipeline stays as it is and writes pass unchanged.
 *
 * <p>The heartbeat, as Netty's IdleStateHandler would do it, with less state: a comment line once the stream
 * has had no write for the interval, so that proxies keep it open. A stream that had none for the interval
 * and still cannot take more is closed: its client is gone or stalled.
 *
 * <p>A stream the server ends ({@link #end(Channel)}: its node deleted, its reader's access or token gone, the
 * server stopping) ends its body as HTTP says, so that a client or a proxy can tell it from a cut connection: the
 * last chunk on HTTP/1.1 (RFC 9112 §7.1), a DATA frame with END_STREAM on HTTP/2 (RFC 9113 §8.1); then its
 * connection (HTTP/2: its stream) is closed. Nothing is written after that. A stream that cannot take more is
 * closed without it: its client does not read.
 */
final class StreamOutput extends ChannelDuplexHandler implements Runnable {
    static final String NAME = "sse-stream";
    private static final Logger LOG = LoggerFactory.getLogger(StreamOutput.class);
    private static final byte[] CRLF = {'\r', '\n'};
    /** The last chunk of a chunked body, with no trailer fields (RFC 9112 §7.1). */
    private static final byte[] LAST_CHUNK = {'0', '\r', '\n', '\r', '\n'};
    /** The longest an ended stream's last bytes may take to leave; then its connection is closed all the same. */
    static final Duration END_GRACE = Duration.ofSeconds(5);

    private final boolean chunked;
    private final long intervalNanos;
    private final LongSupplier nanoClock;
    private ChannelHandlerContext ctx;
    private Future<?> tick;
    /** When the last write was made, on {@link #nanoClock}. */
    private long lastWrite;
    /** Set once the stream is ended: nothing more is written. */
    private boolean ended;

    private StreamOutput(boolean chunked, Duration heartbeat, LongSupplier nanoClock) {
        this.chunked = chunked;
        this.nanoClock = nanoClock;
        this.intervalNanos = heartbeat.toNanos();
    }

    /** The output for a stream on {@code channel}: chunked where the channel speaks HTTP/1.1. Any thread. */
    static StreamOutput of(Channel channel, Duration heartbeat) {
        return of(channel, heartbeat, System::nanoTime);
    }

    /** For tests: with the clock that times the heartbeat. */
    static StreamOutput of(Channel channel, Duration heartbeat, LongSupplier nanoClock) {
        return new StreamOutput(channel.pipeline().get(HttpServerCodec.class) != null, heartbeat, nanoClock);
    }

    /** Whether this output frames chunks (HTTP/1.1), so that ready-made chunks may be given to {@link #writeChunk}. */
    boolean chunked() {
        return chunked;
    }

    /**
     * Puts this handler into {@code channel}'s pipeline, after the stream's response head has been written; on
     * HTTP/1.1 in place of the HTTP handlers and the request's own. On the channel's event loop.
     */
    void install(Channel channel) {
        ChannelPipeline pipeline = channel.pipeline();
        if (chunked) {
            List<ChannelHandler> requestSide = new ArrayList<>();
            pipeline.forEach(entry -> {
                if (isRequestSide(entry.getValue())) {
                    requestSide.add(entry.getValue());
                }
            });
            requestSide.forEach(pipeline::remove);
        }
        pipeline.addLast(NAME, this);
    }

    private static boolean isRequestSide(ChannelHandler handler) {
        return handler instanceof HttpServerCodec || handler instanceof HttpServerUpgradeHandler
                || handler instanceof HttpObjectAggregator || handler instanceof Router || handler instanceof RequestFraming
                || handler instanceof RequestTimeout || handler instanceof ClientAddressHandler
                || handler instanceof RequestBodyLimit || handler instanceof AnswersInOrder;
    }

    /** Writes a ready-made HTTP/1.1 chunk (taken over) below this handler, unflushed. On the event loop. */
    void writeChunk(ByteBuf chunk) {
        if (ctx == null || ended) {
            chunk.release(); // not installed (the channel closed before its stream started), or the stream is over
            return;
        }
        lastWrite = nanoClock.getAsLong();
        ctx.write(chunk, ctx.voidPromise());
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        lastWrite = nanoClock.getAsLong();
        if (intervalNanos > 0 && ctx.channel().isActive()) {
            tick = ctx.executor().schedule(this, intervalNanos, TimeUnit.NANOSECONDS);
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
        if (ended) {
            // after the end of the body (an event broadcast as the stream ended): dropped, as on a closed channel
            ReferenceCountUtil.release(msg);
            if (!promise.isVoid()) {
                promise.tryFailure(new ClosedChannelException());
            }
            return;
        }
        lastWrite = nanoClock.getAsLong();
        if (!chunked) {
            ctx.write(msg, promise);
        } else if (msg instanceof ByteBuf data && data.isReadable()) {
            ctx.write(frame(ctx, data), promise);
        } else if (msg instanceof ByteBuf empty) {
            empty.release(); // an empty chunk would end the body
            promise.setSuccess();
        } else {
            ReferenceCountUtil.release(msg);
            promise.setFailure(new UnsupportedOperationException("an HTTP/1.1 stream takes only its events' bytes, not "
                    + msg.getClass().getSimpleName()));
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
        // a reset by the client, or a TLS error: the stream is over
        LOG.debug("SSE stream {} failed: {}", ClientAddress.describing(ctx.channel()), cause.toString());
        ctx.close();
    }

    /**
     * Ends the stream on {@code channel} from the server's side (see the class comment), from any thread: in a
     * task of its event loop, so after everything handed to that loop before this call (the broadcast events of
     * {@link LoopBatches}, the writes of a {@link MultiStream}). A channel whose stream has not started is closed.
     */
    static void end(Channel channel, StreamEnd reason) {
        StreamEnd.mark(channel, reason);
        try {
            channel.eventLoop().execute(() -> endOnLoop(channel));
        } catch (RejectedExecutionException e) {
            channel.close(); // the loop is shutting down: its channels are closing
        }
    }

    /**
     * Ends the stream on {@code channel} {@code left} from now (a stream read with a token ends when the token does;
     * the client comes back with a new one). From any thread.
     */
    static void endAfter(Channel channel, Duration left) {
        var ending = channel.eventLoop().schedule(() -> end(channel, StreamEnd.ACCESS_LOST), Math.max(0, left.toMillis()),
                TimeUnit.MILLISECONDS);
        channel.closeFuture().addListener(closed -> ending.cancel(false));
    }

    /** As {@link #end(Channel)}, at once: on the channel's event loop. */
    static void endOnLoop(Channel channel) {
        StreamOutput output = channel.pipeline().get(StreamOutput.class);
        if (output != null) {
            output.end();
        } else {
            channel.flush(); // not a started stream: what was written to it may leave, and it closes
            channel.close();
        }
    }

    /** Ends the stream: the end of its body, then the close. On the event loop. */
    void end() {
        if (ended) {
            return;
        }
        ended = true;
        stopTicking();
        Channel channel = ctx.channel();
        if (!channel.isActive()) {
            return;
        }
        channel.flush(); // what was written before may leave now
        if (!channel.isWritable()) {
            StreamEnd.mark(channel, StreamEnd.SLOW_READER); // unless a reason to end it was given
            channel.close(); // a client that does not read would not read the end either
            return;
        }
        Object last = chunked ? Unpooled.wrappedBuffer(LAST_CHUNK) : LastHttpContent.EMPTY_LAST_CONTENT;
        ctx.writeAndFlush(last).addListener(ChannelFutureListener.CLOSE);
        // a client that stops reading now still holds nothing for long
        tick = ctx.executor().schedule(() -> {
            channel.close();
        }, END_GRACE.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** The heartbeat's tick: at most one interval after the last write. */
    @Override
    public void run() {
        Channel channel = ctx.channel();
        if (!channel.isActive() || ended) {
            return;
        }
        long silentFor = nanoClock.getAsLong() - lastWrite;
        if (silentFor < intervalNanos) {
            tick = ctx.executor().schedule(this, intervalNanos - silentFor, TimeUnit.NANOSECONDS);
            return;
        }
        if (!channel.isWritable()) {
            StreamEnd.mark(channel, StreamEnd.SLOW_READER);
            channel.close();
            return;
        }
        channel.writeAndFlush(ByteBufUtil.writeUtf8(ctx.alloc(), SseFormat.comment("heartbeat")));
        tick = ctx.executor().schedule(this, intervalNanos, TimeUnit.NANOSECONDS);
    }
}
