package org.pubsubserver.http.connection;

import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * Why a request's body was not taken ({@link RequestBodyLimit}): carried as the request's decoder failure, so that
 * the request still reaches the router in its turn (after the answers to the requests before it) and is answered
 * there with {@link #status()}, the connection then closed.
 */
public final class BodyRefused extends DecoderException {
    private final HttpResponseStatus status;

    BodyRefused(HttpResponseStatus status, String message) {
        super(message);
        this.status = status;
    }

    public HttpResponseStatus status() {
        return status;
    }
}
