package org.pubsubserver.http.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pubsubserver.http.sse.Wire.text;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2ResetFrame;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.pubsubserver.core.event.AffiliationChanged;
import org.pubsubserver.core.event.ItemsPublished;
import org.pubsubserver.core.event.NodeConfigured;
import org.pubsubserver.core.event.NodeDeleted;
import org.pubsubserver.core.event.SubscriptionChanged;
import org.pubsubserver.core.model.Affiliation;
import org.pubsubserver.core.model.Item;
import org.pubsubserver.core.model.Node;
import org.pubsubserver.core.model.NodeConfig;
import org.pubsubserver.core.model.Subscription;
import org.pubsubserver.core.model.SubscriptionOptions;
import org.pubsubserver.core.model.SubscriptionState;
import org.xmpp.packet.JID;

/**
 * Every stream the server ends ends its body as HTTP says before its connection (or HTTP/2 stream) closes: the
 * last chunk on HTTP/1.1 (RFC 9112 §7.1: "0" CRLF, no trailers, CRLF), a DATA frame with END_STREAM and no
 * RST_STREAM on HTTP/2 (RFC 9113 §8.1), whatever ends it: its node deleted, its reader's access lost, its token
 * expired, the server stopping, the instance having maybe missed events (its client resumes from the store). A
 * client that takes nothing is closed without it.
 */
class StreamEndingsTest {
    private static final Duration HEARTBEAT = Duration.ofSeconds(15);
    private static final JID BOB = new JID("bob@localhost");
    private static final Node NODE = new Node(1, "n", new JID("owner@localhost"), Instant.EPOCH, NodeConfig.defaults());
    private static final String DELETE_EVENT = "event: delete\ndata: {\"node\":\"n\"}\n\n";
    private static final String OPENING = ": stream of node n\n\n";

    private final SseStreams streams = new SseStreams();

    /** The ways the server ends a stream read as BOB, each from where it happens in the running server. */
    private enum Ending {
        NODE_DELETED(StreamEnd.NODE_DELETED, streams -> streams.onEvent(new NodeDeleted(NODE, List.of()))),
        NODE_NO_LONGER_OPEN(StreamEnd.ACCESS_LOST, streams -> streams.onEvent(new NodeConfigured(new Node(1, "n",
                NODE.creator(), Instant.EPOCH, NodeConfig.of(java.util.Map.of("pubsub#access_model", "whitelist"))),
                List.of(), false))),
        READER_MADE_OUTCAST(StreamEnd.ACCESS_LOST,
                streams -> streams.onEvent(new AffiliationChanged(NODE, BOB, Affiliation.OUTCAST))),
        READER_UNSUBSCRIBED(StreamEnd.ACCESS_LOST, streams -> streams.onEvent(new SubscriptionChanged(NODE,
                new Subscription("n", BOB, "s1", SubscriptionState.NONE, SubscriptionOptions.defaults()), false,
                List.of()))),
        TOKEN_EXPIRED(StreamEnd.ACCESS_LOST, null),
        SERVER_STOPPING(StreamEnd.SHUTDOWN, SseStreams::endAll),
        /** Its notification connection to the store dropped: it may have missed events of other instances. */
        INSTANCE_MAY_HAVE_MISSED_EVENTS(StreamEnd.RESYNC, SseStreams::endAllToResume);

        /** The reason the ended stream is counted under in the metrics ({@code pubsub_sse_streams_closed_total}). */
        private final StreamEnd counted;
        private final Consumer<SseStreams> action;

        Ending(StreamEnd counted, Consumer<SseStreams> action) {
            this.counted = counted;
            this.action = action;
        }
    }

    private static HttpResponse streamHead() {
        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        head.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8")
                .set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        return head;
    }

    /** Ends the stream on {@code channel} (on an embedded channel, whose loop runs when told) as {@code ending} does. */
    private void end(Ending ending, EmbeddedChannel loop, Channel stream) {
        if (ending == Ending.TOKEN_EXPIRED) {
            StreamOutput.endAfter(stream, Duration.ofMinutes(10));
            loop.advanceTimeBy(10, TimeUnit.MINUTES);
            loop.runScheduledPendingTasks();
        } else {
            ending.action.accept(streams);
        }
        loop.runPendingTasks();
    }

    private static Item item(long sequence) {
        return new Item(1, sequence, "i" + sequence, BOB, Instant.EPOCH, "<e xmlns='urn:t'>" + sequence + "</e>");
    }

    @Nested
    class OverHttp1 {
        private EmbeddedChannel channel;

        private String sent() {
            return Wire.sent(channel);
        }

        private final HoldsWrites socket = new HoldsWrites();

        /** A stream read as BOB on an HTTP/1.1 connection, started as the endpoint starts it; its head read. */
        private void open() {
            channel = new EmbeddedChannel(socket, new HttpServerCodec());
            channel.freezeTime();
            streams.start("n", channel, BOB, streamHead(), text(OPENING), StreamOutput.of(channel, HEARTBEAT), 0);
            channel.runPendingTasks();
            assertThat(sent()).startsWith("HTTP/1.1 200 OK\r\n").endsWith("\r\n\r\n" + chunk(OPENING));
        }

        /** {@code text} as one HTTP/1.1 chunk. */
        private static String chunk(String text) {
            return Integer.toHexString(text.getBytes(StandardCharsets.UTF_8).length) + "\r\n" + text + "\r\n";
        }

        @AfterEach
        void release() {
            channel.finishAndReleaseAll();
        }

        private void assertEndsWithTheLastChunkThenCloses(Ending ending) {
            open();
            end(ending, channel, channel);
            String wire = sent();
            String events = ending == Ending.NODE_DELETED ? chunk(DELETE_EVENT) : "";
            assertThat(wire).as(ending.name()).isEqualTo(events + "0\r\n\r\n");
            assertThat(channel.isOpen()).as(ending.name()).isFalse();
            assertThat(streams.count()).isZero();
            assertCountedOnceAs(ending.counted);
        }

        @Test
        void aDeletedNodesStreamEndsWithItsLastChunk_rfc9112_7_1() {
            assertEndsWithTheLastChunkThenCloses(Ending.NODE_DELETED);
        }

        @Test
        void aStreamWhoseNodeIsNoLongerOpenEndsWithItsLastChunk_rfc9112_7_1() {
            assertEndsWithTheLastChunkThenCloses(Ending.NODE_NO_LONGER_OPEN);
        }

        @Test
        void aStreamWhoseReaderWasMadeOutcastEndsWithItsLastChunk_rfc9112_7_1() {
            assertEndsWithTheLastChunkThenCloses(Ending.READER_MADE_OUTCAST);
        }

        @Test
        void aStreamWhoseReaderUnsubscribedEndsWithItsLastChunk_rfc9112_7_1() {
            assertEndsWithTheLastChunkThenCloses(Ending.READER_UNSUBSCRIBED);
        }

        @Test
        void aStreamWhoseTokenExpiredEndsWithItsLastChunk_rfc9112_7_1() {
            assertEndsWithTheLastChunkThenCloses(Ending.TOKEN_EXPIRED);
        }

        @Test
        void aStreamEndedAsTheServerStopsEndsWithItsLastChunk_rfc9112_7_1() {
            assertEndsWithTheLastChunkThenCloses(Ending.SERVER_STOPPING);
        }

        @Test
        void aStreamEndedToResumeWhereTheInstanceMayHaveMissedEventsEndsWithItsLastChunk_rfc9112_7_1() {
            assertEndsWithTheLastChunkThenCloses(Ending.INSTANCE_MAY_HAVE_MISSED_EVENTS);
        }

        @Test
        void eventsBroadcastBeforeAnEndToResumeLeaveBeforeIt_rfc9112_7_1() {
            open();
            streams.onEvent(new ItemsPublished(NODE, List.of(item(1)), List.of()));
            Ending.INSTANCE_MAY_HAVE_MISSED_EVENTS.action.accept(streams); // both queued before the loop runs
            channel.runPendingTasks();
            assertThat(sent()).isEqualTo(chunk("id: 1\ndata: <e xmlns='urn:t'>1</e>\n\n") + "0\r\n\r\n");
            assertThat(channel.isOpen()).isFalse();
        }

        @Test
        void aStreamOfSeveralNodesWhoseReaderLostAccessToOneEndsWithItsLastChunk_rfc9112_7_1() {
            channel = new EmbeddedChannel(socket, new HttpServerCodec());
            channel.writeAndFlush(streamHead());
            MultiStream multi = new MultiStream(channel, List.of("n", "m"), java.util.Map.of());
            channel.attr(MultiStream.KEY).set(multi);
            StreamOutput.of(channel, HEARTBEAT).install(channel);
            streams.add("n", channel, BOB);
            streams.add("m", channel, BOB);
            assertThat(sent()).startsWith("HTTP/1.1 200 OK\r\n");
            streams.onEvent(new ItemsPublished(NODE, List.of(item(1)), List.of()));
            Ending.READER_MADE_OUTCAST.action.accept(streams);
            channel.runPendingTasks();
            assertThat(sent()).startsWith(chunk("id: n:1\ndata: {\"node\":\"n\",\"id\":\"i1\",\"payload\":"
                    + "\"<e xmlns='urn:t'>1</e>\"}\n\n")).endsWith("\r\n0\r\n\r\n");
            assertThat(channel.isOpen()).isFalse();
            assertThat(streams.count()).isZero();
        }

        @Test
        void eventsBroadcastBeforeTheEndLeaveBeforeItAndNothingAfterIt_rfc9112_7_1() {
            open();
            streams.onEvent(new ItemsPublished(NODE, List.of(item(1)), List.of()));
            Ending.NODE_NO_LONGER_OPEN.action.accept(streams); // both queued before the loop runs
            channel.runPendingTasks();
            assertThat(sent()).isEqualTo(chunk("id: 1\ndata: <e xmlns='urn:t'>1</e>\n\n") + "0\r\n\r\n");
        }

        @Test
        void anEndedStreamWritesNothingAfterItsEndAndIsClosedOnceItsLastBytesLeaveOrCannot_rfc9112_7_1() {
            // a client that has not read the last chunk yet: the connection stays open a while
            open();
            socket.holding = true;
            end(Ending.SERVER_STOPPING, channel, channel);
            assertThat(channel.isOpen()).isTrue();
            streams.onEvent(new ItemsPublished(NODE, List.of(item(1)), List.of()));
            channel.writeAndFlush(text(": written directly\n\n"));
            channel.runPendingTasks();
            assertThat(socket.text()).isEqualTo("0\r\n\r\n");
            channel.advanceTimeBy(StreamOutput.END_GRACE.toMillis() - 1, TimeUnit.MILLISECONDS);
            channel.runScheduledPendingTasks();
            assertThat(channel.isOpen()).isTrue();
            assertThat(socket.text()).isEmpty();
            // one whose last bytes do not leave is closed all the same
            channel.advanceTimeBy(1, TimeUnit.MILLISECONDS);
            channel.runScheduledPendingTasks();
            assertThat(channel.isOpen()).isFalse();
        }

        @Test
        void aStreamWhoseClientTakesNothingIsClosedWithoutItsEnd() {
            open();
            socket.holding = true;
            channel.config().setOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(8, 16));
            channel.writeAndFlush(text("data: more than the client takes\n\n"));
            assertThat(channel.isWritable()).isFalse();
            end(Ending.SERVER_STOPPING, channel, channel);
            assertThat(channel.isOpen()).isFalse();
        }

        @Test
        void aStreamWhoseClientDoesNotKeepUpIsClosedAndCountedAsASlowReader() {
            open();
            socket.holding = true;
            channel.config().setOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(8, 16));
            channel.writeAndFlush(text("data: more than the client takes\n\n"));
            streams.onEvent(new ItemsPublished(NODE, List.of(item(1)), List.of()));
            channel.runPendingTasks();
            assertThat(channel.isOpen()).isFalse();
            assertCountedOnceAs(StreamEnd.SLOW_READER);
        }

        @Test
        void aStreamItsClientClosesIsCountedAsClosedByTheClient() {
            open();
            assertThat(streams.counts().open()).isEqualTo(1);
            channel.close();
            assertCountedOnceAs(StreamEnd.CLIENT);
        }
    }

    /** The stream was counted as open, then as ended once, for {@code reason} only. */
    private void assertCountedOnceAs(StreamEnd reason) {
        assertThat(streams.counts().open()).isZero();
        for (StreamEnd any : StreamEnd.values()) {
            assertThat(streams.counts().ended(any)).as(any.name()).isEqualTo(any == reason ? 1 : 0);
        }
    }

    /**
     * Once told to hold, lets nothing be flushed to the socket, as a client that does not read: what is written
     * stays counted as unsent. Keeps a copy of it to look at.
     */
    private static final class HoldsWrites extends ChannelOutboundHandlerAdapter {
        private final List<ByteBuf> held = new ArrayList<>();
        private boolean holding;

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            if (holding && msg instanceof ByteBuf buf) {
                held.add(buf.retainedDuplicate());
            }
            ctx.write(msg, promise);
        }

        @Override
        public void flush(ChannelHandlerContext ctx) {
            if (!holding) {
                ctx.flush();
            }
        }

        @Override
        public void handlerRemoved(ChannelHandlerContext ctx) {
            held.forEach(ByteBuf::release);
            held.clear();
        }

        /** What was written since it holds, as text. */
        String text() {
            StringBuilder all = new StringBuilder();
            for (ByteBuf buf : held) {
                all.append(buf.toString(StandardCharsets.UTF_8));
                buf.release();
            }
            held.clear();
            return all.toString();
        }
    }

    @Nested
    class OverHttp2 {
        private final EmbeddedChannel server = new EmbeddedChannel();
        private final EmbeddedChannel client = new EmbeddedChannel();
        /** What the client's stream received: frames, and RST_STREAM as a user event. */
        private final List<Object> received = new ArrayList<>();
        private Http2StreamChannel serverStream;

        /** A stream read as BOB on an HTTP/2 connection: the client's request, then the stream started. */
        private void open() throws Exception {
            server.pipeline().addLast(Http2FrameCodecBuilder.forServer().build(), new Http2MultiplexHandler(
                    new ChannelInitializer<Http2StreamChannel>() {
                        @Override
                        protected void initChannel(Http2StreamChannel stream) {
                            // as HttpChannelInitializer's streams: HTTP/1.1-style objects, text as DATA frames
                            stream.pipeline().addLast(new Http2StreamFrameToHttpObjectCodec(true),
                                    new ChannelOutboundHandlerAdapter() {
                                        @Override
                                        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
                                            ctx.write(msg instanceof ByteBuf buf ? new DefaultHttpContent(buf) : msg, promise);
                                        }
                                    }, new HttpObjectAggregator(16 * 1024), new ChannelInboundHandlerAdapter() {
                                        @Override
                                        public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                            if (msg instanceof FullHttpRequest) {
                                                serverStream = stream;
                                            }
                                            ReferenceCountUtil.release(msg);
                                        }
                                    });
                        }
                    }));
            client.pipeline().addLast(Http2FrameCodecBuilder.forClient().build(), new Http2MultiplexHandler(
                    new ChannelInboundHandlerAdapter()));
            server.freezeTime();
            Http2StreamChannel request = new Http2StreamChannelBootstrap(client).handler(new ChannelInboundHandlerAdapter() {
                @Override
                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                    if (msg instanceof Http2DataFrame data) {
                        received.add(new Data(data.content().toString(StandardCharsets.UTF_8), data.isEndStream()));
                        data.release();
                    } else {
                        received.add(msg);
                    }
                }

                @Override
                public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
                    received.add(event);
                }
            }).open().get();
            request.writeAndFlush(new DefaultHttp2HeadersFrame(new DefaultHttp2Headers().method("GET")
                    .path("/eventsource/n").scheme("http").authority("pubsub.localhost"), true));
            exchange();
            assertThat(serverStream).isNotNull();
            streams.start("n", serverStream, BOB, streamHead(), text(OPENING),
                    StreamOutput.of(serverStream, HEARTBEAT), 0);
            exchange();
            assertThat(received).first().isInstanceOf(Http2HeadersFrame.class);
            assertThat(received).contains(new Data(OPENING, false));
            received.clear();
        }

        /** Moves the bytes both ways until neither side has more to say. */
        private void exchange() {
            for (boolean moved = true; moved; ) {
                moved = false;
                server.runPendingTasks();
                client.runPendingTasks();
                for (Object bytes; (bytes = client.readOutbound()) != null; moved = true) {
                    server.writeInbound(bytes);
                }
                for (Object bytes; (bytes = server.readOutbound()) != null; moved = true) {
                    client.writeInbound(bytes);
                }
            }
        }

        @AfterEach
        void release() {
            server.finishAndReleaseAll();
            client.finishAndReleaseAll();
        }

        private void assertEndsWithEndStreamThenCloses(Ending ending) throws Exception {
            open();
            end(ending, server, serverStream);
            exchange();
            List<Object> expected = new ArrayList<>();
            if (ending == Ending.NODE_DELETED) {
                expected.add(new Data(DELETE_EVENT, false));
            }
            expected.add(new Data("", true));
            assertThat(received).as(ending.name()).containsExactlyElementsOf(expected)
                    .noneMatch(Http2ResetFrame.class::isInstance);
            assertThat(serverStream.isOpen()).as(ending.name()).isFalse();
            assertThat(server.isOpen()).as("the connection serves other streams").isTrue();
            assertThat(streams.count()).isZero();
            assertCountedOnceAs(ending.counted);
        }

        @Test
        void aDeletedNodesStreamEndsWithEndStream_rfc9113_8_1() throws Exception {
            assertEndsWithEndStreamThenCloses(Ending.NODE_DELETED);
        }

        @Test
        void aStreamWhoseNodeIsNoLongerOpenEndsWithEndStream_rfc9113_8_1() throws Exception {
            assertEndsWithEndStreamThenCloses(Ending.NODE_NO_LONGER_OPEN);
        }

        @Test
        void aStreamWhoseReaderWasMadeOutcastEndsWithEndStream_rfc9113_8_1() throws Exception {
            assertEndsWithEndStreamThenCloses(Ending.READER_MADE_OUTCAST);
        }

        @Test
        void aStreamWhoseReaderUnsubscribedEndsWithEndStream_rfc9113_8_1() throws Exception {
            assertEndsWithEndStreamThenCloses(Ending.READER_UNSUBSCRIBED);
        }

        @Test
        void aStreamWhoseTokenExpiredEndsWithEndStream_rfc9113_8_1() throws Exception {
            assertEndsWithEndStreamThenCloses(Ending.TOKEN_EXPIRED);
        }

        @Test
        void aStreamEndedAsTheServerStopsEndsWithEndStream_rfc9113_8_1() throws Exception {
            assertEndsWithEndStreamThenCloses(Ending.SERVER_STOPPING);
        }

        @Test
        void aStreamEndedToResumeWhereTheInstanceMayHaveMissedEventsEndsWithEndStream_rfc9113_8_1() throws Exception {
            assertEndsWithEndStreamThenCloses(Ending.INSTANCE_MAY_HAVE_MISSED_EVENTS);
        }
    }

    /** A DATA frame the client received: its text, and whether it ended the stream. */
    private record Data(String text, boolean endStream) {
    }
}
