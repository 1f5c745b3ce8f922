package org.pubsubserver.xmpp.pubsub;

import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.dom4j.Element;
import org.pubsubserver.core.engine.PubSubEngine;
import org.pubsubserver.core.usecase.DeleteNode;
import org.pubsubserver.xmpp.stanza.Namespaces;
import org.xmpp.packet.IQ;

/** XEP-0060 §8.4 an owner deletes a node; success is an empty result (§8.4.2). */
public final class DeleteNodeAction implements PubSubAction {
    private final PubSubEngine engine;

    public DeleteNodeAction(PubSubEngine engine) {
        this.engine = engine;
    }

    @Override
    public String namespace() {
        return Namespaces.PUBSUB_OWNER;
    }

    @Override
    public String element() {
        return "delete";
    }

    @Override
    public IQ.Type type() {
        return IQ.Type.set;
    }

    @Override
    public Set<String> features() {
        return Set.of("delete-nodes");
    }

    @Override
    public CompletionStage<IQ> handle(IQ request, Element action) {
        String node = ActionElements.requireNode(action);
        return engine.deleteNode(new DeleteNode.Request(request.getFrom(), node))
                .thenApply(done -> IQ.createResultIQ(request));
    }
}
