package org.pubsubserver.xmpp.pubsub;

import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.dom4j.Element;
import org.pubsubserver.core.engine.PubSubEngine;
import org.pubsubserver.core.model.Subscription;
import org.pubsubserver.core.usecase.RetrieveSubscriptions;
import org.pubsubserver.xmpp.stanza.Namespaces;
import org.xmpp.packet.IQ;

/** XEP-0060 §5.6 the requester's subscriptions, all or on one node; none is an empty list. */
public final class RetrieveSubscriptionsAction extends EngineAction {
    public RetrieveSubscriptionsAction(PubSubEngine engine) {
        super(engine, Namespaces.PUBSUB, "subscriptions", IQ.Type.get, Set.of("retrieve-subscriptions"));
    }

    @Override
    public CompletionStage<IQ> handle(IQ request, Element action) {
        String node = ActionElements.requireAcceptableId(action.attributeValue("node"), "a node name");
        return engine.retrieveSubscriptions(new RetrieveSubscriptions.Request(request.getFrom(), node))
                .thenApply(subscriptions -> {
                    IQ result = IQ.createResultIQ(request);
                    Element list = ActionElements.resultPubSub(result, Namespaces.PUBSUB).addElement("subscriptions");
                    if (node != null) {
                        list.addAttribute("node", node);
                    }
                    for (Subscription subscription : subscriptions) {
                        ActionElements.addSubscription(list, subscription);
                    }
                    return result;
                });
    }
}
