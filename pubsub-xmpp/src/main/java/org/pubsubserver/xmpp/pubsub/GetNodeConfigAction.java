package org.pubsubserver.xmpp.pubsub;

import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.dom4j.Element;
import org.pubsubserver.core.engine.PubSubEngine;
import org.pubsubserver.core.usecase.ConfigureNode;
import org.pubsubserver.xmpp.stanza.Namespaces;
import org.xmpp.forms.DataForm;
import org.xmpp.packet.IQ;

/** XEP-0060 §8.2.1: an owner asks for the node's configuration form. */
public final class GetNodeConfigAction extends EngineAction {
    public GetNodeConfigAction(PubSubEngine engine) {
        super(engine, Namespaces.PUBSUB_OWNER, "configure", IQ.Type.get, Set.of("config-node"));
    }

    @Override
    public CompletionStage<IQ> handle(IQ request, Element action) {
        String node = ActionElements.requireNode(action);
        return engine.configureNode(new ConfigureNode.Request(request.getFrom(), node, null)).thenApply(found -> {
            IQ result = IQ.createResultIQ(request);
            ActionElements.resultPubSub(result, Namespaces.PUBSUB_OWNER).addElement("configure")
                    .addAttribute("node", node).add(NodeConfigForms.form(found.config(), DataForm.Type.form));
            return result;
        });
    }
}
