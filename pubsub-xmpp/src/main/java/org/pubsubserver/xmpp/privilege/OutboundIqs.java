package org.pubsubserver.xmpp.privilege;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.dom4j.Element;
import org.pubsubserver.xmpp.stanza.StanzaOutput;
import org.xmpp.packet.JID;

/**
 * IQ requests the component sends itself, matched to their answers by an unguessable id and by the
 * address they were sent to: an answer from anyone else is not taken. An answer completes the request's
 * future with the result or error IQ; no answer within the timeout fails it.
 */
final class OutboundIqs {
    private record Pending(String to, CompletableFuture<Element> answer) {
    }

    /** What every request id starts with, of every instance. */
    private static final String ID_START = "pubsub-";

    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    /** A random prefix chosen once (no SecureRandom read per request: this may run on an event loop). */
    private final String prefix = ID_START + UUID.randomUUID() + "-";
    private final AtomicLong counter = new AtomicLong();
    private final StanzaOutput output;
    private final Duration timeout;

    /** {@code output}: where the requests go (the link). */
    OutboundIqs(StanzaOutput output, Duration timeout) {
        this.output = output;
        this.timeout = timeout;
    }

    /**
     * Sends the IQ built by {@code iqWithId} (given the id to use) to {@code to} and returns its answer to
     * come; fails at once when the output does not take it (the link is down).
     */
    CompletableFuture<Element> send(JID to, Function<String, String> iqWithId) {
        String id = prefix + counter.incrementAndGet();
        CompletableFuture<Element> answer = new CompletableFuture<>();
        pending.put(id, new Pending(to.toString(), answer));
        answer.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).whenComplete((iq, failure) -> pending.remove(id));
        if (!output.send(iqWithId.apply(id))) {
            answer.completeExceptionally(new IllegalStateException("the link to the XMPP server is down"));
        }
        return answer;
    }

    /** Whether this result or error may answer a request of this kind, sent by this instance or another. */
    static boolean mayBeAnswer(Element iq) {
        String id = iq.attributeValue("id");
        return id != null && id.startsWith(ID_START);
    }

    /** Completes the request this result or error answers; false when it answers none of ours. */
    boolean complete(Element iq) {
        String id = iq.attributeValue("id");
        Pending request = id == null ? null : pending.get(id);
        if (request == null || !request.to().equals(iq.attributeValue("from"))) {
            return false;
        }
        pending.remove(id);
        request.answer().complete(iq);
        return true;
    }
}
