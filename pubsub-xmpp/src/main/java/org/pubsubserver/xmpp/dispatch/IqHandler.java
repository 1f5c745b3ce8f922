package org.pubsubserver.xmpp.dispatch;

import java.util.concurrent.CompletionStage;
import org.xmpp.packet.IQ;

/**
 * Answers one kind of IQ get/set. Called on an I/O thread, so it must not block: work that touches the
 * store goes to the engine, and the returned stage completes with the reply (a result, or an error IQ),
 * or exceptionally with a {@link org.pubsubserver.core.error.PubSubException} for a refusal, or with null where the
 * handler has sent its result itself: where other stanzas must reach the client before it (an archive query's
 * messages), they and the result are sent from one thread, one after the other, so that the result cannot overtake
 * them (a write from the link's event loop goes before the writes queued to it from other threads).
 */
@FunctionalInterface
public interface IqHandler {
    CompletionStage<IQ> handle(IQ request);
}
