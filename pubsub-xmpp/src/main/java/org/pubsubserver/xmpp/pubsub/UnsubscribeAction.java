package org.pubsubserver.xmpp.pubsub;

import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.dom4j.Element;
import org.pubsubserver.core.engine.PubSubEngine;
import org.pubsubserver.core.usecase.Unsubscribe;
import org.pubsubserver.xmpp.stanza.Namespaces;
import org.xmpp.packet.IQ;

/**
 * XEP-0060 §6.2 unsubscribe; the result carries the ended subscription, state none, with its subid
 * (§6.2.2), which also tells the subscriber (no separate §13.14 message goes to it).
 */
public final class UnsubscribeAction extends EngineAction {
    public UnsubscribeAction(PubSubEngine engine) {
        super(engine, Namespaces.PUBSUB, "unsubscribe", IQ.Type.set, Set.of());
    }

    @Override
    public CompletionStage<IQ> handle(IQ request, Element action) {
        String node = ActionElements.requireNode(action);
        String subId = action.attributeValue("subid");
        Unsubscribe.Request unsubscribe = new Unsubscribe.Request(request.getFrom(), node,
                ActionElements.requireJid(action), subId == null || subId.isEmpty() ? null : subId);
        return engine.unsubscribe(unsubscribe).thenApply(ended -> {
            IQ result = IQ.createResultIQ(request);
            ActionElements.addSubscription(ActionElements.resultPubSub(result, Namespaces.PUBSUB), ended);
            return result;
        });
    }
}
