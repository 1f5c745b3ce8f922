package org.pubsubserver.xmpp.pubsub;

import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.dom4j.Element;
import org.pubsubserver.core.engine.PubSubEngine;
import org.pubsubserver.core.error.PubSubException;
import org.pubsubserver.core.error.StanzaCondition;
import org.pubsubserver.core.usecase.DeleteNode;
import org.pubsubserver.xmpp.stanza.Namespaces;
import org.xmpp.packet.IQ;

/**
 * XEP-0060 §8.4 an owner deletes a node, optionally naming the node that replaces it (§8.4.1, told to the
 * subscribers); success is an empty result (§8.4.2).
 */
public final class DeleteNodeAction extends EngineAction {
    /** The longest redirect URI kept (the store's column). */
    static final int MAX_URI_LENGTH = 3071;

    public DeleteNodeAction(PubSubEngine engine) {
        super(engine, Namespaces.PUBSUB_OWNER, "delete", IQ.Type.set, Set.of("delete-nodes"));
    }

    @Override
    public CompletionStage<IQ> handle(IQ request, Element action) {
        String named = action.attributeValue("node");
        if (named == null || named.isEmpty()) {
            // XEP-0248 §delete-root-node (XEP-0060 §8.4.3): the root, the service itself, is not deleted
            throw PubSubException.of(StanzaCondition.NOT_ALLOWED, "the root collection (the service) cannot be deleted");
        }
        String node = ActionElements.requireNode(action);
        Element redirect = action.element("redirect");
        String uri = redirect == null ? null : redirect.attributeValue("uri");
        if (redirect != null && (uri == null || uri.isBlank() || uri.length() > MAX_URI_LENGTH)) {
            throw PubSubException.of(StanzaCondition.BAD_REQUEST,
                    "<redirect/> needs a uri attribute of at most " + MAX_URI_LENGTH + " characters");
        }
        return engine.deleteNode(new DeleteNode.Request(request.getFrom(), node, uri))
                .thenApply(done -> IQ.createResultIQ(request));
    }
}
