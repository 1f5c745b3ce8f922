package org.pubsubserver.http.admin;

import io.netty.handler.codec.http.FullHttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import org.pubsubserver.http.response.Responses;
import org.pubsubserver.http.routing.HttpExchange;
import org.pubsubserver.http.routing.Route;

/**
 * {@code GET /metrics}: the metrics in the Prometheus text format (version 0.0.4), as the registry writes them. The
 * scrape reads counters and gauges only (no lock a publish takes), so it runs on the event loop.
 */
final class MetricsRoute implements Route {
    static final String PATH = "/metrics";
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final Supplier<String> scrape;

    MetricsRoute(Supplier<String> scrape) {
        this.scrape = scrape;
    }

    @Override
    public void answer(HttpExchange exchange) {
        FullHttpResponse response = Responses.ok(scrape.get().getBytes(StandardCharsets.UTF_8), CONTENT_TYPE);
        Responses.send(exchange.ctx(), exchange.request(), response);
    }
}
