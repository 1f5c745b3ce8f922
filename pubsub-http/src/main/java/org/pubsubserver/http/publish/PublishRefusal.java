package org.pubsubserver.http.publish;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Map;

/**
 * Why a publish over HTTP is refused, as its answer: the status, a short error name (the XMPP condition where the
 * engine refused it), a sentence for the person reading it, and headers the status calls for
 * ({@code WWW-Authenticate} with 401, {@code Retry-After} with 503). Nothing was published.
 */
final class PublishRefusal extends RuntimeException {
    private final HttpResponseStatus status;
    private final String error;
    private final Map<String, String> headers;

    PublishRefusal(HttpResponseStatus status, String error, String message) {
        this(status, error, message, Map.of());
    }

    PublishRefusal(HttpResponseStatus status, String error, String message, Map<String, String> headers) {
        super(message, null, false, false);
        this.status = status;
        this.error = error;
        this.headers = Map.copyOf(headers);
    }

    static PublishRefusal badRequest(String message) {
        return new PublishRefusal(HttpResponseStatus.BAD_REQUEST, "bad-request", message);
    }

    HttpResponseStatus status() {
        return status;
    }

    String error() {
        return error;
    }

    Map<String, String> headers() {
        return headers;
    }
}
