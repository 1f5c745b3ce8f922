package org.pubsubserver.http.routing;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.List;
import org.pubsubserver.http.response.Responses;

/**
 * The methods a route serves. Another method is answered either 405 with {@code Allow} (RFC 9110 §15.5.6), or 404
 * as if the resource were not there (the page, the list and the stream of several nodes answer so).
 */
public final class MethodCheck implements Step {
    private final List<HttpMethod> served;
    /** The 405's Allow field and text; null where another method is 404. */
    private final String allow;
    private final String refusal;

    private MethodCheck(List<HttpMethod> served, boolean answer405) {
        this.served = List.copyOf(served);
        List<String> names = served.stream().map(HttpMethod::name).toList();
        this.allow = answer405 ? String.join(", ", names) : null;
        this.refusal = names.size() == 1 ? names.get(0) + " is served here"
                : String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1)
                        + " are served here";
    }

    /** {@code served} (OPTIONS among them where a {@link Preflight} answers it first); others 405 with Allow. */
    public static MethodCheck orNotAllowed(HttpMethod... served) {
        return new MethodCheck(List.of(served), true);
    }

    /** {@code served}; others 404 "Not found". */
    public static MethodCheck orNotFound(HttpMethod... served) {
        return new MethodCheck(List.of(served), false);
    }

    @Override
    public boolean admits(HttpExchange exchange) {
        if (served.contains(exchange.method())) {
            return true;
        }
        if (allow == null) {
            Responses.sendText(exchange.ctx(), exchange.request(), HttpResponseStatus.NOT_FOUND, "Not found");
        } else {
            HttpResponse refused = Responses.text(HttpResponseStatus.METHOD_NOT_ALLOWED, refusal);
            refused.headers().set(HttpHeaderNames.ALLOW, allow);
            Responses.send(exchange.ctx(), exchange.request(), refused);
        }
        return false;
    }
}
