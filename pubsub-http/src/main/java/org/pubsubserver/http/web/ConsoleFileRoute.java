package org.pubsubserver.http.web;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.pubsubserver.http.response.Responses;
import org.pubsubserver.http.routing.HttpExchange;
import org.pubsubserver.http.routing.Route;

/**
 * {@code GET /}, {@code /console.js}, {@code /console.css}: the node console's files (plain HTML, CSS and JavaScript,
 * no build step), read from the classpath once when the server starts. Each is answered with its type,
 * {@code Cache-Control: no-cache} and an {@code ETag}, so a browser keeps it and asks again with If-None-Match, which
 * is answered 304 while the file is the same (RFC 9111 §5.2.2.4, RFC 9110 §13.1.2). The page forbids what it does not
 * use (scripts, styles and requests of other origins, frames) with a Content-Security-Policy: it writes payloads as
 * text only, and the policy keeps it so should a bug ever let one through as markup.
 */
public final class ConsoleFileRoute implements Route {
    public static final String PAGE_PATH = "/";
    public static final String SCRIPT_PATH = "/console.js";
    public static final String STYLE_PATH = "/console.css";
    static final String PAGE_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
            + "img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private final byte[] body;
    private final String type;
    private final String etag;
    private final String policy;

    private ConsoleFileRoute(byte[] body, String type, String policy) {
        this.body = body;
        this.type = type;
        this.policy = policy;
        this.etag = etagOf(body);
    }

    /** The page at {@code /}. */
    public static ConsoleFileRoute page() {
        return new ConsoleFileRoute(load("index.html"), "text/html; charset=utf-8", PAGE_POLICY);
    }

    /** The page's script. */
    public static ConsoleFileRoute script() {
        return new ConsoleFileRoute(load("console.js"), "text/javascript; charset=utf-8", null);
    }

    /** The page's style sheet. */
    public static ConsoleFileRoute style() {
        return new ConsoleFileRoute(load("console.css"), "text/css; charset=utf-8", null);
    }

    /** A file beside this class on the classpath (read when the server starts, not on an event loop). */
    static byte[] load(String name) {
        try (InputStream in = ConsoleFileRoute.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String etagOf(byte[] body) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
            return "\"" + HexFormat.of().formatHex(digest, 0, 12) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e); // every Java platform has SHA-256
        }
    }

    @Override
    public void answer(HttpExchange exchange) {
        FullHttpResponse response;
        if (matches(exchange.headers().get(HttpHeaderNames.IF_NONE_MATCH))) {
            response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NOT_MODIFIED,
                    Unpooled.EMPTY_BUFFER);
            headers(response.headers()).set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
        } else if (HttpMethod.HEAD.equals(exchange.method())) {
            // RFC 9110 §9.3.2: the head GET would have, without the content
            response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, Unpooled.EMPTY_BUFFER);
            headers(response.headers()).set(HttpHeaderNames.CONTENT_TYPE, type)
                    .set(HttpHeaderNames.CACHE_CONTROL, "no-cache").setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        } else {
            response = Responses.ok(body, type);
            headers(response.headers());
        }
        Responses.send(exchange.ctx(), exchange.request(), response);
    }

    private HttpHeaders headers(HttpHeaders headers) {
        headers.set(HttpHeaderNames.ETAG, etag).set("X-Content-Type-Options", "nosniff");
        if (policy != null) {
            headers.set("Content-Security-Policy", policy);
        }
        return headers;
    }

    /** Whether If-None-Match names this file's ETag or is {@code *}: the weak comparison of RFC 9110 §13.1.2. */
    private boolean matches(String ifNoneMatch) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String tag : ifNoneMatch.split(",")) {
            String trimmed = tag.trim();
            if (trimmed.equals("*") || (trimmed.startsWith("W/") ? trimmed.substring(2) : trimmed).equals(etag)) {
                return true;
            }
        }
        return false;
    }
}
