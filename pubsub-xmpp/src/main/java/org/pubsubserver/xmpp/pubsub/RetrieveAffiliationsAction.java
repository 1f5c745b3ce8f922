package org.pubsubserver.xmpp.pubsub;

import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.dom4j.Element;
import org.pubsubserver.core.engine.PubSubEngine;
import org.pubsubserver.core.model.NodeAffiliation;
import org.pubsubserver.core.usecase.RetrieveAffiliations;
import org.pubsubserver.xmpp.stanza.Namespaces;
import org.xmpp.packet.IQ;

/** XEP-0060 §5.7 the requester's affiliations, all or with one node; none is an empty list. */
public final class RetrieveAffiliationsAction extends EngineAction {
    public RetrieveAffiliationsAction(PubSubEngine engine) {
        super(engine, Namespaces.PUBSUB, "affiliations", IQ.Type.get, Set.of("retrieve-affiliations"));
    }

    @Override
    public CompletionStage<IQ> handle(IQ request, Element action) {
        String node = ActionElements.requireAcceptableId(action.attributeValue("node"), "a node name");
        return engine.retrieveAffiliations(new RetrieveAffiliations.Request(request.getFrom(), node))
                .thenApply(affiliations -> {
                    IQ result = IQ.createResultIQ(request);
                    Element list = ActionElements.resultPubSub(result, Namespaces.PUBSUB).addElement("affiliations");
                    if (node != null) {
                        list.addAttribute("node", node);
                    }
                    for (NodeAffiliation affiliation : affiliations) {
                        list.addElement("affiliation")
                                .addAttribute("node", affiliation.node())
                                .addAttribute("affiliation", affiliation.affiliation().value());
                    }
                    return result;
                });
    }
}
