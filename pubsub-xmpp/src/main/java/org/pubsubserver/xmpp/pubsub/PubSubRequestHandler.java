package org.pubsubserver.xmpp.pubsub;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.dom4j.Element;
import org.pubsubserver.core.error.PubSubException;
import org.pubsubserver.core.error.StanzaCondition;
import org.pubsubserver.xmpp.dispatch.IqHandler;
import org.xmpp.packet.IQ;

/**
 * Answers {@code <pubsub/>} IQs of one namespace by handing the action element (the first child) to the
 * registered {@link PubSubAction}. An action this service does not implement gets
 * {@code feature-not-implemented} with {@code <unsupported feature='...'/>} (XEP-0060 §14.2).
 */
public final class PubSubRequestHandler implements IqHandler {
    private final Map<String, PubSubAction> actions = new HashMap<>();

    public PubSubRequestHandler(List<PubSubAction> actions) {
        for (PubSubAction action : actions) {
            this.actions.put(action.element(), action);
        }
    }

    @Override
    public CompletionStage<IQ> handle(IQ request) {
        Element pubsub = request.getChildElement();
        List<Element> children = pubsub.elements();
        if (children.isEmpty()) {
            return refuse(PubSubException.of(StanzaCondition.BAD_REQUEST, "<pubsub/> without an action"));
        }
        Element element = children.get(0);
        PubSubAction action = actions.get(element.getName());
        if (action == null) {
            return refuse(PubSubException.unsupported(UnsupportedActions.featureOf(pubsub.getNamespaceURI(),
                    element.getName())));
        }
        if (action.type() != request.getType()) {
            return refuse(PubSubException.of(StanzaCondition.BAD_REQUEST,
                    "<" + element.getName() + "/> needs an IQ of type " + action.type()));
        }
        return action.handle(request, element);
    }

    private static CompletionStage<IQ> refuse(PubSubException refusal) {
        return CompletableFuture.failedFuture(refusal);
    }
}
