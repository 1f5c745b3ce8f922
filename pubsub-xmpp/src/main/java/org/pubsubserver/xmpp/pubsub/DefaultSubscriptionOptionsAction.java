package org.pubsubserver.xmpp.pubsub;

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.dom4j.Element;
import org.pubsubserver.core.engine.PubSubEngine;
import org.pubsubserver.core.error.PubSubException;
import org.pubsubserver.core.model.NodeConfig;
import org.pubsubserver.core.model.SubscriptionOptions;
import org.pubsubserver.xmpp.stanza.Namespaces;
import org.xmpp.forms.DataForm;
import org.xmpp.packet.IQ;

/** XEP-0060 §6.4: the default subscription options, of the service or of a node (which must exist). */
public final class DefaultSubscriptionOptionsAction extends EngineAction {
    public DefaultSubscriptionOptionsAction(PubSubEngine engine) {
        super(engine, Namespaces.PUBSUB, "default", IQ.Type.get, Set.of("retrieve-default-sub"));
    }

    @Override
    public CompletionStage<IQ> handle(IQ request, Element action) {
        String node = ActionElements.requireAcceptableId(action.attributeValue("node"), "a node name");
        // include_body is offered for a node whose payloads can be rendered as a body (§13.8), the collection
        // options on a collection (XEP-0248)
        CompletionStage<NodeConfig> config = node == null ? CompletableFuture.completedFuture(NodeConfig.defaults())
                : engine.findNode(node).thenApply(found -> found.orElseThrow(() -> PubSubException.nodeNotFound(node))
                        .config());
        return config.thenApply(body -> {
            IQ result = IQ.createResultIQ(request);
            Element defaults = ActionElements.resultPubSub(result, Namespaces.PUBSUB).addElement("default");
            if (node != null) {
                defaults.addAttribute("node", node);
            }
            defaults.add(OptionsRequests.form(SubscriptionOptions.defaults(), DataForm.Type.result, body));
            return result;
        });
    }
}
