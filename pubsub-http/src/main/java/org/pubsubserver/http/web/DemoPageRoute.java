package org.pubsubserver.http.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.pubsubserver.http.response.Responses;
import org.pubsubserver.http.routing.HttpExchange;
import org.pubsubserver.http.routing.Route;

/**
 * {@code GET /}: the web page on the streams' hostname. It lists the open nodes ({@link NodeListRoute}) and shows a
 * node's live stream through EventSource.
 */
public final class DemoPageRoute implements Route {
    public static final String PATH = "/";

    private final byte[] page;

    /** {@code page}: from {@link #loadPage()}, read once when the server starts (not on an event loop). */
    public DemoPageRoute(byte[] page) {
        this.page = page;
    }

    /** The page's HTML, from the classpath. */
    public static byte[] loadPage() {
        try (InputStream in = DemoPageRoute.class.getResourceAsStream("index.html")) {
            if (in == null) {
                throw new IllegalStateException("missing resource index.html");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void answer(HttpExchange exchange) {
        Responses.send(exchange.ctx(), null, Responses.ok(page, "text/html; charset=utf-8"));
    }
}
