package org.pubsubserver.http.routing;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Cross-origin access to the streams (the Fetch standard's CORS protocol). What anyone may read anonymously
 * (the streams of open nodes, the list of open nodes) is shared with every origin through {@code *}, as
 * {@code mod_pubsub_eventsource} does: a page of any origin opens an EventSource on it without credentials.
 * What is read as a JID (a token's stream) is shared only with the configured origins ({@code http.cors-origins}):
 * a listed origin is echoed back exactly, with credentials allowed, so cookies can go with it; a page of another
 * origin gets no CORS headers there, and its browser keeps the response from it. A listed origin is answered so
 * on anonymous requests too, so that its pages may send credentials either way. {@code *} in the list adds
 * nothing: it is what anonymous requests get anyway, and no page's origin is {@code *}.
 */
public final class Cors {
    /** Headers a page may send: Last-Event-ID (set by EventSource polyfills) needs a preflight. */
    static final String READ_HEADERS = "Last-Event-ID, Cache-Control";
    static final String READ_METHODS = "GET, HEAD, OPTIONS";

    private final Set<String> credentialed;

    /** {@code origins}: the origins whose pages may read as a JID (with credentials). */
    public Cors(Set<String> origins) {
        this.credentialed = origins.stream().map(o -> o.toLowerCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
    }

    /** Whether {@code origin} is one of the configured origins, which may read with credentials. */
    private boolean listed(String origin) {
        return origin != null && credentialed.contains(origin.toLowerCase(Locale.ROOT));
    }

    /**
     * Whether a request from {@code origin} may read the response: any origin an {@code anonymous} one, only a
     * configured origin one read as a JID.
     */
    public boolean allows(String origin, boolean anonymous) {
        return anonymous || listed(origin);
    }

    /**
     * Adds the CORS headers for the request's Origin to a response: a configured origin is echoed with
     * credentials; an {@code anonymous} response (an open node's stream) is shared with any origin ({@code *});
     * a response read as a JID ({@code anonymous} false) gets nothing for another origin.
     */
    public void apply(HttpHeaders request, HttpResponse response, boolean anonymous) {
        String origin = request.get(HttpHeaderNames.ORIGIN);
        response.headers().add(HttpHeaderNames.VARY, "Origin");
        if (listed(origin)) {
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

    /**
     * Adds the preflight answer's headers (to a preflight that {@link #allows}). A preflight carries no cookies:
     * an {@code anonymous} one is answered with {@code *}, which a browser accepts only for a request without
     * credentials, so the request that follows is anonymous too (or comes from a configured origin).
     */
    public void applyPreflight(HttpHeaders request, HttpResponse response, boolean anonymous) {
        applyPreflight(request, response, anonymous, READ_METHODS, READ_HEADERS);
    }

    /** As {@link #applyPreflight(HttpHeaders, HttpResponse, boolean)}, for a resource with other methods and headers. */
    public void applyPreflight(HttpHeaders request, HttpResponse response, boolean anonymous, String methods,
                               String headers) {
        apply(request, response, anonymous);
        response.headers().set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_METHODS, methods)
                .set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, headers)
                .set(HttpHeaderNames.ACCESS_CONTROL_MAX_AGE, "600");
    }
}
