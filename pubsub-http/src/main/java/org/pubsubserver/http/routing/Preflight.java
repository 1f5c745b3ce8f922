package org.pubsubserver.http.routing;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.function.Predicate;
import org.pubsubserver.http.response.Responses;

/**
 * OPTIONS on a route that pages read across origins: 204 with {@code Allow}, and, to a CORS preflight, the
 * {@link Cors} answer; a preflight for a request read as a JID from an origin that may not is 403. A preflight
 * carries no cookie: {@code anonymous} tells from the URL alone whether the request that follows is read as a JID.
 * Other methods go on.
 */
public final class Preflight implements Step {
    private final Cors cors;
    private final Predicate<HttpExchange> anonymous;
    private final String methods;
    private final String headers;

    /** For the streams: GET and HEAD, with the headers EventSource polyfills send. */
    public Preflight(Cors cors, Predicate<HttpExchange> anonymous) {
        this(cors, anonymous, Cors.READ_METHODS, Cors.READ_HEADERS);
    }

    /** For a resource served with {@code methods} (OPTIONS among them), whose requests may send {@code headers}. */
    public Preflight(Cors cors, Predicate<HttpExchange> anonymous, String methods, String headers) {
        this.cors = cors;
        this.anonymous = anonymous;
        this.methods = methods;
        this.headers = headers;
    }

    @Override
    public boolean admits(HttpExchange exchange) {
        if (!HttpMethod.OPTIONS.equals(exchange.method())) {
            return true;
        }
        boolean anonymousRead = anonymous.test(exchange);
        boolean preflight = Cors.isPreflight(exchange.headers());
        if (preflight && !cors.allows(exchange.headers().get(HttpHeaderNames.ORIGIN), anonymousRead)) {
            Responses.sendText(exchange.ctx(), exchange.request(), HttpResponseStatus.FORBIDDEN,
                    "Origin not allowed to read with a token or to publish (see http.cors-origins)");
            return false;
        }
        HttpResponse allowed = Responses.empty(HttpResponseStatus.NO_CONTENT);
        allowed.headers().set(HttpHeaderNames.ALLOW, methods);
        if (preflight) {
            cors.applyPreflight(exchange.headers(), allowed, anonymousRead, methods, headers);
        }
        Responses.send(exchange.ctx(), exchange.request(), allowed);
        return false;
    }
}
