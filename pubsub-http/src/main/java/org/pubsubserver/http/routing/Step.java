package org.pubsubserver.http.routing;

/** A check in front of routes (host, preflight, method): it lets a request through or answers it itself. */
public interface Step {
    /** Whether the request goes on; false once this step has answered it. */
    boolean admits(HttpExchange exchange);
}
