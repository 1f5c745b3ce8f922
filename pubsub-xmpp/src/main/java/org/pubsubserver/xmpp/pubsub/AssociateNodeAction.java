package org.pubsubserver.xmpp.pubsub;

import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.dom4j.Element;
import org.pubsubserver.core.engine.PubSubEngine;
import org.pubsubserver.core.error.PubSubException;
import org.pubsubserver.core.error.StanzaCondition;
import org.pubsubserver.core.usecase.AssociateNode;
import org.pubsubserver.xmpp.stanza.Namespaces;
import org.xmpp.packet.IQ;

/**
 * XEP-0248 §associate-node and §dissociate: {@code <collection node='c'><associate node='x'/></collection>} (or
 * {@code <dissociate/>}) in the owner namespace; success is an empty result.
 */
public final class AssociateNodeAction extends EngineAction {
    public AssociateNodeAction(PubSubEngine engine) {
        super(engine, Namespaces.PUBSUB_OWNER, "collection", IQ.Type.set, Set.of());
    }

    @Override
    public CompletionStage<IQ> handle(IQ request, Element action) {
        String collection = ActionElements.requireNode(action);
        Element associate = action.element("associate");
        Element dissociate = action.element("dissociate");
        Element child = associate != null ? associate : dissociate;
        if (child == null || (associate != null && dissociate != null)) {
            throw PubSubException.of(StanzaCondition.BAD_REQUEST,
                    "<collection/> holds one <associate node='...'/> or <dissociate node='...'/>");
        }
        String node = ActionElements.requireNode(child);
        return engine.associateNode(new AssociateNode.Request(request.getFrom(), collection, node, associate != null))
                .thenApply(done -> IQ.createResultIQ(request));
    }
}
