package org.pubsubserver.http.routing;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Cross-origin access to the streams (the Fetch standard's CORS protocol) for the origins the
 * configuration allows: {@code *} lets any page read the (anonymous) streams; a listed origin is echoed
 * back exactly, with credentials allowed, so cookies can go with it. A page of another origin gets no
 * CORS headers, and its browser keeps the response from it.
 */
public final class Cors {
    /** Headers a page may send: Last-Event-ID (set by EventSource polyfills) needs a preflight. */
    private static final String ALLOWED_HEADERS = "Last-Event-ID, Cache-Control";
    private static final String ALLOWED_METHODS = "GET, HEAD, OPTIONS";

    private final Set<String> origins;

    public Cors(Set<String> origins) {
        this.origins = origins.stream().map(o -> o.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }

    /** Whether a request from {@code origin} may read the response. */
    public boolean allows(String origin) {
        return origin != null && (origins.contains("*") || origins.contains(origin.toLowerCase(Locale.ROOT)));
    }

    /** Adds the CORS headers for the request's Origin to a response, where that origin is allowed. */
    public void apply(HttpHeaders request, HttpResponse response) {
        apply(request, response, true);
    }

    /**
     * As {@link #apply(HttpHeaders, HttpResponse)}; a stream read as a JID ({@code anonymous} false) is
     * shared only with an exactly listed origin, never through {@code *}.
     */
    public void apply(HttpHeaders request, HttpResponse response, boolean anonymous) {
        String origin = request.get(HttpHeaderNames.ORIGIN);
        response.headers().add(HttpHeaderNames.VARY, "Origin");
        if (!allows(origin)) {
            return;
        }
        if (origins.contains(origin.toLowerCase(Locale.ROOT))) {
            response.headers().set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, origin)
                    .set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_CREDENTIALS, "true");
        } else if (anonymous) {
            response.headers().set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
        }
    }

    /** Whether this is a CORS preflight (an OPTIONS request with Origin and Access-Control-Request-Method). */
    public static boolean isPreflight(HttpHeaders request) {
        return request.contains(HttpHeaderNames.ORIGIN) && request.contains(HttpHeaderNames.ACCESS_CONTROL_REQUEST_METHOD);
    }

    /** Adds the preflight answer's headers (to an allowed origin's preflight). */
    public void applyPreflight(HttpHeaders request, HttpResponse response) {
        apply(request, response);
        response.headers().set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_METHODS, ALLOWED_METHODS)
                .set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, ALLOWED_HEADERS)
                .set(HttpHeaderNames.ACCESS_CONTROL_MAX_AGE, "600");
    }
}
