package org.pubsubserver.http.routing;

/**
 * What one resource answers, once the {@link Router} has matched its path and its {@link Step}s have let the
 * request through. One class per resource; the route table (in {@code HttpRoutes}) names its path and steps.
 */
public interface Route {
    /** Answers the request, now or later (on the exchange's event loop); never throws for bad input. */
    void answer(HttpExchange exchange);
}
