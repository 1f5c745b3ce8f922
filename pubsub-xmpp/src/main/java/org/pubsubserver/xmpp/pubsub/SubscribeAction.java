package org.pubsubserver.xmpp.pubsub;

import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.dom4j.Element;
import org.pubsubserver.core.engine.PubSubEngine;
import org.pubsubserver.core.error.PubSubException;
import org.pubsubserver.core.usecase.Subscribe;
import org.pubsubserver.xmpp.stanza.Namespaces;
import org.xmpp.packet.IQ;

/** XEP-0060 §6.1 subscribe; the result carries the subscription with its subid (§6.1.2). */
public final class SubscribeAction extends EngineAction {
    public SubscribeAction(PubSubEngine engine) {
        super(engine, Namespaces.PUBSUB, "subscribe", IQ.Type.set, Set.of("subscribe", "access-open", "last-published"));
    }

    @Override
    public CompletionStage<IQ> handle(IQ request, Element action) {
        Element options = action.getParent().element("options");
        if (options != null && !options.elements().isEmpty()) {
            throw PubSubException.unsupported("subscription-options");
        }
        String node = ActionElements.requireNode(action);
        return engine.subscribe(new Subscribe.Request(request.getFrom(), node, ActionElements.requireJid(action)))
                .thenApply(subscription -> {
                    IQ result = IQ.createResultIQ(request);
                    ActionElements.resultPubSub(result, Namespaces.PUBSUB).addElement("subscription")
                            .addAttribute("node", node)
                            .addAttribute("jid", subscription.jid().toString())
                            .addAttribute("subid", subscription.subId())
                            .addAttribute("subscription", subscription.state().value());
                    return result;
                });
    }
}
