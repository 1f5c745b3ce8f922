package org.pubsubserver.http.routing;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import org.pubsubserver.http.response.Responses;

/** A request for a host that is not one of ours is 404 (as Prosody's {@code http_host} does), whatever its path. */
public final class HostCheck implements Step {
    private final HostMatcher hosts;

    public HostCheck(HostMatcher hosts) {
        this.hosts = hosts;
    }

    @Override
    public boolean admits(HttpExchange exchange) {
        if (hosts.matches(exchange.headers().get(HttpHeaderNames.HOST))) {
            return true;
        }
        Responses.sendText(exchange.ctx(), exchange.request(), HttpResponseStatus.NOT_FOUND, "Unknown host");
        return false;
    }
}
