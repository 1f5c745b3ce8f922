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
import org.xmpp.packet.IQ;

/**
 * XEP-0060 §8.2.4: an owner submits the configuration form (success: an empty result, §8.2.5.1), or
 * cancels it (a form of type cancel: nothing changes).
 */
public final class SubmitNodeConfigAction extends EngineAction {
    public SubmitNodeConfigAction(PubSubEngine engine) {
        super(engine, Namespaces.PUBSUB_OWNER, "configure", IQ.Type.set, Set.of());
    }

    @Override
    public CompletionStage<IQ> handle(IQ request, Element action) {
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
