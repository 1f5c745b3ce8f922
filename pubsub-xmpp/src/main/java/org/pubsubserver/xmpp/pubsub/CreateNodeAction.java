package org.pubsubserver.xmpp.pubsub;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.dom4j.Element;
import org.pubsubserver.core.engine.PubSubEngine;
import org.pubsubserver.core.error.PubSubException;
import org.pubsubserver.core.error.StanzaCondition;
import org.pubsubserver.core.usecase.CreateNode;
import org.pubsubserver.xmpp.stanza.Namespaces;
import org.xmpp.packet.IQ;

/**
 * XEP-0060 §8.1 create a node: without a node attribute an instant node whose name is returned (§8.1.2);
 * with a submitted {@code <configure/>} form, configured so (§8.1.3).
 */
public final class CreateNodeAction extends EngineAction {
    public CreateNodeAction(PubSubEngine engine) {
        super(engine, Namespaces.PUBSUB, "create", IQ.Type.set,
                Set.of("create-nodes", "instant-nodes", "create-and-configure"));
    }

    @Override
    public CompletionStage<IQ> handle(IQ request, Element action) {
        Element configure = action.getParent().element("configure");
        if (configure != null && configure.attribute("node") != null) {
            // §8.1.3: the node is named by <create/>, not by <configure/>
            throw PubSubException.of(StanzaCondition.BAD_REQUEST, "<configure/> after <create/> takes no node");
        }
        Map<String, String> config = configure == null ? null
                : SubmittedForms.read(configure, SubmittedForms.NODE_CONFIG);
        String requested = ActionElements.requireAcceptableId(action.attributeValue("node"), "a node name");
        boolean instant = requested == null || requested.isEmpty();
        String name = instant ? CreateNode.instantNodeName() : requested;
        return engine.createNode(new CreateNode.Request(request.getFrom(), name, config)).thenApply(node -> {
            IQ result = IQ.createResultIQ(request);
            if (instant) {
                ActionElements.resultPubSub(result, Namespaces.PUBSUB).addElement("create").addAttribute("node", node.name());
            }
            return result;
        });
    }
}
