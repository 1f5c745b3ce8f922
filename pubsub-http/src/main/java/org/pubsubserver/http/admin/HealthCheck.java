package org.pubsubserver.http.admin;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Whether the server can serve now ({@code GET /health/ready}): what stops it, one short sentence each, none when it
 * is ready. The future may complete on any thread; it must complete (a check that waits on something bounds the
 * wait itself).
 */
@FunctionalInterface
public interface HealthCheck {
    CompletableFuture<List<String>> problems();
}
