package org.pubsubserver.http.admin;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import org.pubsubserver.http.response.Json;
import org.pubsubserver.http.response.Responses;
import org.pubsubserver.http.routing.Route;

/**
 * {@code GET /health/live}: 200 while the process answers. {@code GET /health/ready}: 200 when the server can serve
 * (its {@link HealthCheck} finds nothing wrong), else 503 with what is wrong; both with a short JSON body, e.g.
 * {@code {"status":"unavailable","problems":["the component link is down (connecting)"]}}.
 */
final class HealthRoutes {
    static final String LIVE = "/health/live";
    static final String READY = "/health/ready";

    private HealthRoutes() {
    }

    static Route live() {
        return exchange -> Responses.send(exchange.ctx(), exchange.request(), response(List.of()));
    }

    /** Answered once the check completes, on the connection's event loop, and the connection closed. */
    static Route ready(HealthCheck check) {
        return exchange -> {
            ChannelHandlerContext ctx = exchange.ctx();
            check.problems().whenComplete((problems, failure) -> ctx.executor().execute(() -> {
                List<String> found = failure != null ? List.of("the health check failed: " + failure) : problems;
                Responses.send(ctx, null, response(found));
            }));
        };
    }

    static FullHttpResponse response(List<String> problems) {
        String body = problems.isEmpty() ? "{\"status\":\"ok\"}"
                : "{\"status\":\"unavailable\",\"problems\":["
                        + problems.stream().map(Json::string).collect(Collectors.joining(",")) + "]}";
        FullHttpResponse response = Responses.ok((body + "\n").getBytes(StandardCharsets.UTF_8), "application/json");
        if (!problems.isEmpty()) {
            response.setStatus(HttpResponseStatus.SERVICE_UNAVAILABLE);
        }
        response.headers().set("Cache-Control", "no-store");
        return response;
    }
}
