package org.pubsubserver.xmpp.pubsub;

import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.dom4j.Element;
import org.pubsubserver.core.engine.PubSubEngine;
import org.pubsubserver.core.usecase.PurgeNode;
import org.pubsubserver.xmpp.stanza.Namespaces;
import org.xmpp.packet.IQ;

/** XEP-0060 §8.5: an owner purges all items of a node; success is an empty result (§8.5.2). */
public final class PurgeNodeAction extends EngineAction {
    public PurgeNodeAction(PubSubEngine engine) {
        super(engine, Namespaces.PUBSUB_OWNER, "purge", IQ.Type.set, Set.of("purge-nodes"));
    }

    @Override
    public CompletionStage<IQ> handle(IQ request, Element action) {
        String node = ActionElements.requireNode(action);
        return engine.purgeNode(new PurgeNode.Request(request.getFrom(), node)).thenApply(done -> IQ.createResultIQ(request));
    }
}
