package org.pubsubserver.http.admin;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import org.pubsubserver.http.response.Responses;
import org.pubsubserver.http.routing.HttpExchange;
import org.pubsubserver.http.routing.Step;

/**
 * In front of the operator's routes (list, show, delete, export), where no {@code admin.token} is set: what a web
 * page the operator has open must not be able to do to a listener on his machine. A page may send a form POST to
 * any address without asking (a "simple" cross-site request) but not with a header of its own, which needs a CORS
 * preflight this listener never grants: so these requests must carry {@value #HEADER}. And a page whose name was
 * made to resolve to the listener's address (DNS rebinding) sends that name as Host: so Host must be an address,
 * or {@code localhost}. {@code bin/pubsub-admin} does both. With a token, the token decides ({@link AdminToken}).
 */
final class OperatorRequests implements Step {
    /** The header the admin command sends with every request. */
    static final String HEADER = "X-Pubsub-Admin";

    private final boolean tokenSet;

    OperatorRequests(String token) {
        this.tokenSet = !token.isEmpty();
    }

    @Override
    public boolean admits(HttpExchange exchange) {
        if (tokenSet) {
            return true;
        }
        if (!exchange.headers().contains(HEADER)) {
            refuse(exchange, "Requests to the operator's routes carry the " + HEADER + " header (bin/pubsub-admin"
                    + " sends it), so that no web page can make them");
            return false;
        }
        if (!addressOrLocalhost(exchange.headers().get(HttpHeaderNames.HOST))) {
            refuse(exchange, "Ask the admin listener by its address or as localhost, or set admin.token to use a name");
            return false;
        }
        return true;
    }

    private static void refuse(HttpExchange exchange, String why) {
        Responses.sendText(exchange.ctx(), exchange.request(), HttpResponseStatus.FORBIDDEN, why);
    }

    /** Whether a Host field names an IPv4 or IPv6 address, or localhost (with or without a port). */
    static boolean addressOrLocalhost(String host) {
        if (host == null || host.isEmpty()) {
            return false;
        }
        if (host.startsWith("[")) {
            return host.indexOf(']') > 0; // an IPv6 literal (RFC 3986 §3.2.2)
        }
        int colon = host.indexOf(':');
        String name = colon < 0 ? host : host.substring(0, colon);
        return name.equalsIgnoreCase("localhost") || name.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    }
}
