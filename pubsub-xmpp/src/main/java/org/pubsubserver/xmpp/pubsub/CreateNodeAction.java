package org.pubsubserver.xmpp.pubsub;

import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.dom4j.Element;
import org.pubsubserver.core.engine.PubSubEngine;
import org.pubsubserver.core.error.PubSubException;
import org.pubsubserver.core.usecase.CreateNode;
import org.pubsubserver.xmpp.stanza.Namespaces;
import org.xmpp.packet.IQ;

/** XEP-0060 §8.1.2 create a node; without a node attribute, an instant node whose name is returned. */
public final class CreateNodeAction extends EngineAction {
    public CreateNodeAction(PubSubEngine engine) {
        super(engine, Namespaces.PUBSUB, "create", IQ.Type.set, Set.of("create-nodes", "instant-nodes"));
    }

    @Override
    public CompletionStage<IQ> handle(IQ request, Element action) {
        Element configure = action.getParent().element("configure");
        if (configure != null && !configure.elements().isEmpty()) {
            throw PubSubException.unsupported("create-and-configure");
        }
        String requested = ActionElements.requireAcceptableId(action.attributeValue("node"), "a node name");
        boolean instant = requested == null || requested.isEmpty();
        String name = instant ? CreateNode.instantNodeName() : requested;
        return engine.createNode(new CreateNode.Request(request.getFrom(), name)).thenApply(node -> {
            IQ result = IQ.createResultIQ(request);
            if (instant) {
                ActionElements.resultPubSub(result, Namespaces.PUBSUB).addElement("create").addAttribute("node", node.name());
            }
            return result;
        });
    }
}
