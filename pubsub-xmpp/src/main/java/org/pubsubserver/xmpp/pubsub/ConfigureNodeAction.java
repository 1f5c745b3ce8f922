package org.pubsubserver.xmpp.pubsub;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.dom4j.Element;
import org.dom4j.QName;
import org.pubsubserver.core.engine.PubSubEngine;
import org.pubsubserver.core.error.PubSubException;
import org.pubsubserver.core.error.StanzaCondition;
import org.pubsubserver.core.usecase.ConfigureNode;
import org.pubsubserver.xmpp.stanza.Namespaces;
import org.xmpp.forms.DataForm;
import org.xmpp.packet.IQ;

/**
 * XEP-0060 §8.2 "Configure a Node", one instance per IQ type: a get asks for the node's configuration form
 * (§8.2.1); a set submits it (§8.2.4; success: an empty result, §8.2.5.1) or cancels it (a form of type
 * cancel: nothing changes).
 */
public final class ConfigureNodeAction extends EngineAction {
    public ConfigureNodeAction(PubSubEngine engine, IQ.Type type) {
        super(engine, Namespaces.PUBSUB_OWNER, "configure", type, Set.of("config-node"));
    }

    @Override
    public CompletionStage<IQ> handle(IQ request, Element action) {
        return type() == IQ.Type.get ? read(request, action) : submit(request, action);
    }

    private CompletionStage<IQ> read(IQ request, Element action) {
        String node = ActionElements.requireNode(action);
        return engine.configureNode(new ConfigureNode.Request(request.getFrom(), node, null)).thenApply(found -> {
            IQ result = IQ.createResultIQ(request);
            ActionElements.resultPubSub(result, Namespaces.PUBSUB_OWNER).addElement("configure")
                    .addAttribute("node", node).add(NodeConfigForms.form(found.config(), DataForm.Type.form));
            return result;
        });
    }

    private CompletionStage<IQ> submit(IQ request, Element action) {
        String node = ActionElements.requireNode(action);
        Element form = action.element(QName.get("x", SubmittedForms.DATA_NAMESPACE));
        if (form == null) {
            throw PubSubException.of(StanzaCondition.BAD_REQUEST, "<configure/> needs a submitted form");
        }
        Map<String, String> changes = "cancel".equals(form.attributeValue("type")) ? Map.of()
                : SubmittedForms.read(action, SubmittedForms.NODE_CONFIG);
        return engine.configureNode(new ConfigureNode.Request(request.getFrom(), node, changes))
                .thenApply(configured -> IQ.createResultIQ(request));
    }
}
