package org.pubsubserver.xmpp.pubsub;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.dom4j.DocumentHelper;
import org.dom4j.Element;
import org.dom4j.QName;
import org.pubsubserver.core.engine.PubSubEngine;
import org.pubsubserver.core.error.PubSubException;
import org.pubsubserver.core.error.StanzaCondition;
import org.pubsubserver.core.model.AffiliatedEntity;
import org.pubsubserver.core.usecase.ManageAffiliations;
import org.pubsubserver.xmpp.stanza.Namespaces;
import org.pubsubserver.xmpp.stanza.StanzaErrors;
import org.xmpp.packet.IQ;

/**
 * XEP-0060 §8.9 in the owner namespace: a get lists the node's affiliations (§8.9.1), a set changes them
 * (§8.9.2); entries that could not be applied come back with their unchanged affiliation in a
 * not-acceptable error (§8.9.2.4). All six affiliations of §4.1 are supported.
 */
public final class ManageAffiliationsAction extends EngineAction {
    public ManageAffiliationsAction(PubSubEngine engine, IQ.Type type) {
        super(engine, Namespaces.PUBSUB_OWNER, "affiliations", type, Set.of("modify-affiliations",
                "member-affiliation", "outcast-affiliation", "publisher-affiliation", "publish-only-affiliation"));
    }

    @Override
    public CompletionStage<IQ> handle(IQ request, Element action) {
        String node = ActionElements.requireNode(action);
        List<ManageAffiliations.Entry> changes = type() == IQ.Type.get ? null : entries(action);
        return engine.manageAffiliations(new ManageAffiliations.Request(request.getFrom(), node, changes))
                .thenApply(result -> {
                    if (changes == null) {
                        IQ reply = IQ.createResultIQ(request);
                        Element list = ActionElements.resultPubSub(reply, Namespaces.PUBSUB_OWNER).addElement("affiliations")
                                .addAttribute("node", node);
                        result.affiliations().forEach(entity -> add(list, entity));
                        return reply;
                    }
                    if (result.rejected().isEmpty()) {
                        return IQ.createResultIQ(request);
                    }
                    Element pubsub = DocumentHelper.createElement(QName.get("pubsub", Namespaces.PUBSUB_OWNER));
                    Element list = pubsub.addElement("affiliations").addAttribute("node", node);
                    result.rejected().forEach(entity -> add(list, entity));
                    return StanzaErrors.replyWith(request, PubSubException.of(StanzaCondition.NOT_ACCEPTABLE,
                            "some affiliations could not be changed"), pubsub);
                });
    }

    private static void add(Element list, AffiliatedEntity entity) {
        list.addElement("affiliation")
                .addAttribute("jid", entity.jid().toBareJID())
                .addAttribute("affiliation", entity.affiliation().value());
    }

    private static List<ManageAffiliations.Entry> entries(Element action) {
        List<ManageAffiliations.Entry> entries = new ArrayList<>();
        for (Element entry : action.elements("affiliation")) {
            entries.add(new ManageAffiliations.Entry(ActionElements.requireJid(entry), entry.attributeValue("affiliation")));
        }
        return entries;
    }
}
