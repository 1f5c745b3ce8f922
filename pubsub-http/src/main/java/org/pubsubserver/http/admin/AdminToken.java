package org.pubsubserver.http.admin;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.pubsubserver.http.response.Responses;
import org.pubsubserver.http.routing.HttpExchange;
import org.pubsubserver.http.routing.Step;

/**
 * {@code admin.token}: where set, every request to the admin listener but the health checks (which say nothing
 * and change nothing, and which load balancers ask without credentials) must carry
 * {@code Authorization: Bearer <token>} (RFC 6750 §2.1), else 401 with a Bearer challenge (§3). Compared in
 * constant time. Empty: the listener's address is all the protection (loopback by default).
 */
final class AdminToken implements Step {
    private final byte[] expected;

    AdminToken(String token) {
        this.expected = token.isEmpty() ? null : ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public boolean admits(HttpExchange exchange) {
        if (expected == null || isHealthCheck(exchange)) {
            return true;
        }
        String given = exchange.headers().get(HttpHeaderNames.AUTHORIZATION);
        if (given != null && MessageDigest.isEqual(expected, given.getBytes(StandardCharsets.UTF_8))) {
            return true;
        }
        HttpResponse refused = Responses.text(HttpResponseStatus.UNAUTHORIZED,
                "The admin listener wants the admin.token: Authorization: Bearer <token>");
        refused.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"pubsub-admin\"");
        Responses.send(exchange.ctx(), exchange.request(), refused);
        return false;
    }

    private static boolean isHealthCheck(HttpExchange exchange) {
        try {
            String path = exchange.path();
            return path.equals(HealthRoutes.LIVE) || path.equals(HealthRoutes.READY);
        } catch (IllegalArgumentException malformed) {
            return false;
        }
    }
}
