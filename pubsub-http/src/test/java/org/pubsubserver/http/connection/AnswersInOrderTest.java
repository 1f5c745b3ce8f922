package org.pubsubserver.http.connection;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** HTTP/1.1 answers in the order of their requests (RFC 9112 §9.3.2) where some are written later. */
class AnswersInOrderTest {
    /** Takes requests and answers only when told. */
    private static final class LateRouter extends ChannelInboundHandlerAdapter {
        final List<String> received = new ArrayList<>();
        ChannelHandlerContext ctx;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object message) {
            this.ctx = ctx;
            FullHttpRequest request = (FullHttpRequest) message;
            received.add(request.uri());
            request.release();
        }

        void answer() {
            ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.ACCEPTED));
        }
    }

    private static FullHttpRequest request(String uri) {
        return new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, uri);
    }

    @Test
    void aPipelinedRequestWaitsUntilTheOneBeforeIsAnswered_andReadingStopsMeanwhile_rfc9112_9_3_2() {
        LateRouter router = new LateRouter();
        EmbeddedChannel channel = new EmbeddedChannel(new AnswersInOrder(c -> false), router);
        channel.writeInbound(request("/1"), request("/2"));
        assertThat(router.received).containsExactly("/1");
        assertThat(channel.config().isAutoRead()).isFalse();
        router.answer();
        assertThat(router.received).containsExactly("/1", "/2");
        router.answer();
        assertThat(channel.config().isAutoRead()).isTrue();
        channel.writeInbound(request("/3"));
        assertThat(router.received).containsExactly("/1", "/2", "/3");
        channel.finishAndReleaseAll();
    }

    @Test
    void aClientPipeliningMoreThanSixteenIsDisconnected() {
        LateRouter router = new LateRouter();
        EmbeddedChannel channel = new EmbeddedChannel(new AnswersInOrder(c -> false), router);
        for (int i = 0; i <= AnswersInOrder.MAX_WAITING; i++) {
            channel.writeInbound(request("/" + i));
        }
        assertThat(channel.isOpen()).isTrue();
        channel.writeInbound(request("/too-many"));
        assertThat(channel.isOpen()).isFalse();
        assertThat(router.received).containsExactly("/0");
    }

    @Test
    void requestsAfterAStreamAreDropped() {
        LateRouter router = new LateRouter();
        EmbeddedChannel channel = new EmbeddedChannel(new AnswersInOrder(c -> true), router);
        FullHttpRequest later = request("/later");
        channel.writeInbound(request("/stream"), later);
        assertThat(later.refCnt()).isZero();
        assertThat(router.received).containsExactly("/stream");
        assertThat(channel.config().isAutoRead()).isTrue();
        channel.finishAndReleaseAll();
    }
}
