package org.pubsubserver.xmpp.dispatch;

import java.util.concurrent.CompletionStage;
import org.xmpp.packet.IQ;

/**
 * Answers one kind of IQ get/set. Called on an I/O thread, so it must not block: work that touches the
 * store goes to the engine, and the returned stage completes with the reply (a result, or an error IQ),
 * or exceptionally with a {@link org.pubsubserver.core.error.PubSubException} for a refusal.
 */
@FunctionalInterface
public interface IqHandler {
    CompletionStage<IQ> handle(IQ request);
}
