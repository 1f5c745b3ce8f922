package org.pubsubserver.http.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Anyone may ask for the list of open nodes: requests that come while one is being made share it. */
class NodeListSharingTest {
    @Test
    void requestsWhileAListIsBeingMadeShareIt_andALaterOneMakesItAgain() {
        AtomicReference<CompletableFuture<String>> inFlight = new AtomicReference<>();
        AtomicInteger made = new AtomicInteger();
        CompletableFuture<String> engine = new CompletableFuture<>();
        CompletableFuture<String> first = NodeListRoute.shared(inFlight, () -> {
            made.incrementAndGet();
            return engine;
        });
        CompletableFuture<String> second = NodeListRoute.shared(inFlight, () -> {
            made.incrementAndGet();
            return CompletableFuture.completedFuture("other");
        });
        assertThat(second).isSameAs(first);
        engine.complete("[\"n\"]");
        assertThat(second).isCompletedWithValue("[\"n\"]");
        assertThat(NodeListRoute.shared(inFlight, () -> {
            made.incrementAndGet();
            return CompletableFuture.completedFuture("[]");
        })).isCompletedWithValue("[]");
        assertThat(made).hasValue(2);
    }
}
