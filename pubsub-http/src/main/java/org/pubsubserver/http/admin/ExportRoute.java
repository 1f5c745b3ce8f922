package org.pubsubserver.http.admin;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.pubsubserver.core.backup.BackupException;
import org.pubsubserver.core.backup.BackupProgress;
import org.pubsubserver.core.backup.StoreBackup;
import org.pubsubserver.http.response.Responses;
import org.pubsubserver.http.routing.HttpExchange;
import org.pubsubserver.http.routing.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /export}: the whole store, in the export format (docs/EXPORT-FORMAT.md), read from one snapshot while
 * the server goes on (its writes are wholly in the export or wholly out). One export at a time (another gets 503),
 * on a thread of its own: the snapshot is read there and written to the connection in 64 KiB chunks, each waiting
 * until the connection took the one before, so a slow client slows the export, not the server; a client that takes
 * nothing for {@link #STALL_SECONDS} ends it. The body is chunked; an export that fails midway closes the connection
 * without the last chunk, so the client sees a cut body, never a short export that looks whole.
 */
final class ExportRoute implements Route {
    static final String PATH = "/export";
    static final int STALL_SECONDS = 60;
    private static final Logger LOG = LoggerFactory.getLogger(ExportRoute.class);
    private static final int CHUNK = 64 * 1024;

    private final StoreBackup backup;
    private final DataSource store;
    private final AtomicBoolean running = new AtomicBoolean();

    ExportRoute(StoreBackup backup, DataSource store) {
        this.backup = backup;
        this.store = store;
    }

    @Override
    public void answer(HttpExchange exchange) {
        if (!running.compareAndSet(false, true)) {
            Responses.sendText(exchange.ctx(), exchange.request(), HttpResponseStatus.SERVICE_UNAVAILABLE,
                    "An export is already running: try again when it is done");
            return;
        }
        try {
            start(exchange);
        } catch (RuntimeException | Error e) {
            running.set(false);
            throw e;
        }
    }

    private void start(HttpExchange exchange) {
        Channel channel = exchange.channel();
        exchange.takeOverConnection();
        AdminServer.answering(channel); // the client sends nothing while it reads the export
        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        head.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/xml; charset=utf-8")
                .set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED)
                .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE)
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        channel.writeAndFlush(head);
        Thread exporting = new Thread(() -> export(channel), "pubsub-export");
        exporting.setDaemon(true);
        exporting.start();
    }

    private void export(Channel channel) {
        try (ChunkStream out = new ChunkStream(channel)) {
            var summary = backup.export(store, out, BackupProgress.NONE);
            out.flush();
            await(channel.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT));
            LOG.info("Exported the store through the admin listener: {}", summary);
        } catch (BackupException | IOException e) {
            // a client that went away surfaces here too, worded for a file ("check the space and permissions")
            LOG.warn("The export through the admin listener stopped before its end{}: {}",
                    channel.isActive() ? "" : " (the client went away)", e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("The export through the admin listener failed", e);
        } finally {
            channel.close();
            running.set(false);
        }
    }

    private static void await(ChannelFuture write) throws IOException {
        try {
            if (!write.await(STALL_SECONDS, TimeUnit.SECONDS)) {
                throw new IOException("the client took nothing for " + STALL_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        if (!write.isSuccess()) {
            throw new IOException("the connection failed: " + write.cause());
        }
    }

    /** Bytes as HTTP chunks of up to 64 KiB, each written once the one before has left. */
    private static final class ChunkStream extends OutputStream {
        private final Channel channel;
        private final byte[] buffer = new byte[CHUNK];
        private int filled;

        ChunkStream(Channel channel) {
            this.channel = channel;
        }

        @Override
        public void write(int b) throws IOException {
            if (filled == buffer.length) {
                flush();
            }
            buffer[filled++] = (byte) b;
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            while (length > 0) {
                if (filled == buffer.length) {
                    flush();
                }
                int n = Math.min(length, buffer.length - filled);
                System.arraycopy(bytes, offset, buffer, filled, n);
                filled += n;
                offset += n;
                length -= n;
            }
        }

        @Override
        public void flush() throws IOException {
            if (filled == 0) {
                return;
            }
            if (!channel.isActive()) {
                throw new IOException("the client went away");
            }
            ChannelFuture written = channel.writeAndFlush(new DefaultHttpContent(Unpooled.copiedBuffer(buffer, 0, filled)));
            filled = 0;
            await(written);
        }
    }
}
