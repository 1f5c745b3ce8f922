package org.pubsubserver.http.connection;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.api.Test;

/** Bodies bounded before they are gathered, per request and, for large ones, across the server. */
class RequestBodyLimitTest {
    private static HttpRequest chunkedPost() {
        HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/pubsub_post/n");
        request.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        return request;
    }

    private static DefaultHttpContent bytes(int count) {
        return new DefaultHttpContent(Unpooled.wrappedBuffer(new byte[count]));
    }

    private static EmbeddedChannel connection(BodyBudget budget) {
        RequestBodyLimit limit = new RequestBodyLimit(10, 1000, request -> true, budget);
        return new EmbeddedChannel(limit, new HttpObjectAggregator(limit.maxBody()));
    }

    @Test
    void largeBodiesGatheredAtOnceShareTheServersBudget_pastItA503() {
        BodyBudget budget = new BodyBudget(100);
        EmbeddedChannel first = connection(budget);
        EmbeddedChannel second = connection(budget);
        first.writeInbound(chunkedPost(), bytes(70)); // 60 past the small limit come out of the budget
        second.writeInbound(chunkedPost(), bytes(70)); // 60 more would pass it
        FullHttpRequest refused = second.readInbound();
        assertThat(refused.decoderResult().cause()).isInstanceOfSatisfying(BodyRefused.class,
                cause -> assertThat(cause.status()).isEqualTo(HttpResponseStatus.SERVICE_UNAVAILABLE));
        refused.release();
        assertThat(budget.taken()).isEqualTo(60);
        first.writeInbound(new DefaultLastHttpContent(Unpooled.wrappedBuffer(new byte[5])));
        FullHttpRequest gathered = first.readInbound();
        assertThat(gathered.decoderResult().isSuccess()).isTrue();
        assertThat(gathered.content().readableBytes()).isEqualTo(75);
        gathered.release();
        assertThat(budget.taken()).as("given back once gathered").isZero();
        first.finishAndReleaseAll();
        second.finishAndReleaseAll();
    }

    @Test
    void aConnectionThatClosesMidBodyGivesItsShareBack() {
        BodyBudget budget = new BodyBudget(100);
        EmbeddedChannel connection = new EmbeddedChannel(new RequestBodyLimit(10, 1000, request -> true, budget));
        connection.writeInbound(chunkedPost(), bytes(50));
        assertThat(budget.taken()).isEqualTo(40);
        connection.finishAndReleaseAll();
        assertThat(budget.taken()).isZero();
    }

    @Test
    void aBodyOverItsLimitAsItArrivesIsRefused413_andNothingMoreIsTaken() {
        EmbeddedChannel connection = connection(new BodyBudget(10_000));
        connection.writeInbound(chunkedPost(), bytes(600), bytes(600));
        FullHttpRequest refused = connection.readInbound();
        assertThat(refused.decoderResult().cause()).isInstanceOfSatisfying(BodyRefused.class,
                cause -> assertThat(cause.status()).isEqualTo(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE));
        refused.release();
        connection.writeInbound(chunkedPost(), new DefaultLastHttpContent());
        assertThat((Object) connection.readInbound()).as("nothing after the refusal").isNull();
        connection.finishAndReleaseAll();
    }

    @Test
    void aWholeRequestOverItsLimitGoesOnMarked() {
        EmbeddedChannel connection = new EmbeddedChannel(new RequestBodyLimit(10, 10, request -> false, new BodyBudget(0)));
        connection.writeInbound(new io.netty.handler.codec.http.DefaultFullHttpRequest(HttpVersion.HTTP_1_1,
                HttpMethod.POST, "/x", Unpooled.wrappedBuffer(new byte[20])));
        FullHttpRequest marked = connection.readInbound();
        assertThat(marked.decoderResult().cause()).isInstanceOf(BodyRefused.class);
        marked.release();
        connection.finishAndReleaseAll();
    }

    @Test
    void whetherABodyMayBeLargeIsAskedOnlyOfOneThatPassesTheSmallerBound() {
        java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
        RequestBodyLimit limit = new RequestBodyLimit(10, 1000, request -> asked.incrementAndGet() > 0,
                new BodyBudget(10_000));
        EmbeddedChannel connection = new EmbeddedChannel(limit, new HttpObjectAggregator(limit.maxBody()));
        connection.writeInbound(chunkedPost(), bytes(8), new DefaultLastHttpContent());
        ((FullHttpRequest) connection.readInbound()).release();
        assertThat(asked).as("a small body: the route checks the credentials, once").hasValue(0);
        connection.writeInbound(chunkedPost(), bytes(8), bytes(8), new DefaultLastHttpContent());
        FullHttpRequest large = connection.readInbound();
        assertThat(large.decoderResult().isSuccess()).isTrue();
        large.release();
        assertThat(asked).hasValue(1);
        connection.finishAndReleaseAll();
    }
}
