package org.pubsubserver.xmpp.service;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.pubsubserver.xmpp.dispatch.IqHandler;
import org.xmpp.packet.IQ;

/** XEP-0199 §4.2: a ping to the component gets an empty result. */
public final class PingHandler implements IqHandler {
    @Override
    public CompletionStage<IQ> handle(IQ request) {
        return CompletableFuture.completedFuture(IQ.createResultIQ(request));
    }
}
