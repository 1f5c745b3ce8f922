package org.pubsubserver.http.sse;

import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import java.util.List;
import java.util.Map;

/**
 * The token a request reads with: the {@code token} query parameter (EventSource cannot send headers), else
 * the {@code pubsub_token} cookie (sent along by the browser where the page's origin may send credentials).
 */
final class ReaderToken {
    static final String PARAMETER = "token";
    static final String COOKIE = "pubsub_token";

    private ReaderToken() {
    }

    /** The token, or null when the request has none. */
    static String of(Map<String, List<String>> query, String cookieHeader) {
        List<String> values = query.get(PARAMETER);
        if (values != null && !values.isEmpty() && !values.get(0).isEmpty()) {
            return values.get(0);
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
