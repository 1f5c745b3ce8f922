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
 * {@code feature-not-implemented} with {@code <unsupported feature='...'/>} (XEP-0060 §12).
 */
public final class PubSubRequestHandler implements IqHandler {
    private record Key(String element, IQ.Type type) {
    }

    private final Map<Key, PubSubAction> actions = new HashMap<>();

    public PubSubRequestHandler(List<PubSubAction> actions) {
        for (PubSubAction action : actions) {
            if (this.actions.put(new Key(action.element(), action.type()), action) != null) {
                throw new IllegalStateException("two actions for " + action.type() + " <" + action.element() + "/>");
            }
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
        PubSubAction action = actions.get(new Key(element.getName(), request.getType()));
        if (action != null) {
            return action.handle(request, element);
        }
        IQ.Type other = request.getType() == IQ.Type.get ? IQ.Type.set : IQ.Type.get;
        if (actions.containsKey(new Key(element.getName(), other))) {
            return refuse(PubSubException.of(StanzaCondition.BAD_REQUEST,
                    "<" + element.getName() + "/> needs an IQ of type " + other));
        }
        return refuse(PubSubException.unsupported(UnsupportedActions.featureOf(pubsub.getNamespaceURI(),
                element.getName())));
    }

    private static CompletionStage<IQ> refuse(PubSubException refusal) {
        return CompletableFuture.failedFuture(refusal);
    }
}
