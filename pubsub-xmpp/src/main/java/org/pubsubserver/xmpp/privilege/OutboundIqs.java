package org.pubsubserver.xmpp.privilege;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.dom4j.Element;
import org.pubsubserver.xmpp.stanza.StanzaOutput;

/**
 * IQ requests the component sends itself, matched to their answers by id. An answer completes the
 * request's future with the result or error IQ; no answer within the timeout fails it.
 */
final class OutboundIqs {
    private final Map<String, CompletableFuture<Element>> pending = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final Duration timeout;

    OutboundIqs(Duration timeout) {
        this.timeout = timeout;
    }

    /**
     * Sends the IQ built by {@code iqWithId} (given the id to use) and returns its answer to come; fails at
     * once when the output does not take it.
     */
    CompletableFuture<Element> send(StanzaOutput output, Function<String, String> iqWithId) {
        String id = "pubsub-iq-" + ids.incrementAndGet();
        CompletableFuture<Element> answer = new CompletableFuture<>();
        pending.put(id, answer);
        answer.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).whenComplete((iq, failure) -> pending.remove(id));
        if (output == null || !output.send(iqWithId.apply(id))) {
            answer.completeExceptionally(new IllegalStateException("the link to the XMPP server is down"));
        }
        return answer;
    }

    /** Completes the request this result or error answers; false when it answers none of ours. */
    boolean complete(Element iq) {
        String id = iq.attributeValue("id");
        CompletableFuture<Element> answer = id == null ? null : pending.remove(id);
        if (answer == null) {
            return false;
        }
        answer.complete(iq);
        return true;
    }
}
