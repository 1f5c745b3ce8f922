package org.pubsubserver.http.sse;

import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import java.util.List;
import java.util.Map;
import org.pubsubserver.http.routing.HttpExchange;

/**
 * The token a request reads with: the {@code token} query parameter (EventSource cannot send headers), else
 * the {@code pubsub_token} cookie (sent along by the browser where the page's origin may send credentials).
 */
public final class ReaderToken {
    static final String PARAMETER = "token";
    static final String COOKIE = "pubsub_token";

    private ReaderToken() {
    }

    /**
     * Whether the request is anonymous as far as its URL tells: a preflight carries no cookie, so a request is read
     * as a JID there only when its URL has a token.
     */
    public static boolean notInUrl(HttpExchange exchange) {
        return !inUrl(exchange.query());
    }

    /** Whether the request's URL carries a token (which then wins over a cookie). */
    static boolean inUrl(Map<String, List<String>> query) {
        List<String> values = query.get(PARAMETER);
        return values != null && !values.isEmpty() && !values.get(0).isEmpty();
    }

    /** The token, or null when the request has none. */
    static String of(Map<String, List<String>> query, String cookieHeader) {
        if (inUrl(query)) {
            return query.get(PARAMETER).get(0);
        }
        if (cookieHeader != null) {
            for (Cookie cookie : ServerCookieDecoder.STRICT.decode(cookieHeader)) {
                if (COOKIE.equals(cookie.name()) && !cookie.value().isEmpty()) {
                    return cookie.value();
                }
            }
        }
        return null;
    }
}
