package org.pubsubserver.xmpp.pubsub;

import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.dom4j.Element;
import org.pubsubserver.core.engine.PubSubEngine;
import org.pubsubserver.core.usecase.DeleteNode;
import org.pubsubserver.xmpp.stanza.Namespaces;
import org.xmpp.packet.IQ;

/** XEP-0060 §8.4 an owner deletes a node; success is an empty result (§8.4.2). */
public final class DeleteNodeAction extends EngineAction {
    public DeleteNodeAction(PubSubEngine engine) {
        super(engine, Namespaces.PUBSUB_OWNER, "delete", IQ.Type.set, Set.of("delete-nodes"));
    }

    @Override
    public CompletionStage<IQ> handle(IQ request, Element action) {
        String node = ActionElements.requireNode(action);
        return engine.deleteNode(new DeleteNode.Request(request.getFrom(), node))
                .thenApply(done -> IQ.createResultIQ(request));
    }
}
