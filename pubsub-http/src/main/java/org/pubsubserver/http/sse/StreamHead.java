package org.pubsubserver.http.sse;

import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import org.pubsubserver.http.routing.Cors;
import org.xmpp.packet.JID;

/** The 200 that starts a stream (for HEAD, the same head without a body to follow), with its CORS fields. */
final class StreamHead {
    private final Cors cors;

    StreamHead(Cors cors) {
        this.cors = cors;
    }

    /** {@code reader}: null for anonymous; {@code keepAlive}: what the request asked. */
    HttpResponse of(HttpHeaders requestHeaders, JID reader, boolean head, boolean keepAlive) {
        HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8")
                .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE)
                .set("X-Accel-Buffering", "no");
        cors.apply(requestHeaders, response, reader == null);
        if (!head) {
            response.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
            if (!keepAlive) {
                response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            }
        }
        return response;
    }
}
