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
import org.pubsubserver.core.model.Subscription;
import org.pubsubserver.core.usecase.ManageSubscriptions;
import org.pubsubserver.xmpp.stanza.Namespaces;
import org.pubsubserver.xmpp.stanza.StanzaErrors;
import org.xmpp.packet.IQ;

/**
 * XEP-0060 §8.8 in the owner namespace: a get lists the node's subscriptions (§8.8.1), a set changes them
 * (§8.8.2); entries that could not be applied come back with their unchanged state in a not-acceptable
 * error (§8.8.2.4).
 */
public final class ManageSubscriptionsAction extends EngineAction {
    public ManageSubscriptionsAction(PubSubEngine engine, IQ.Type type) {
        super(engine, Namespaces.PUBSUB_OWNER, "subscriptions", type, Set.of("manage-subscriptions"));
    }

    @Override
    public CompletionStage<IQ> handle(IQ request, Element action) {
        String node = ActionElements.requireNode(action);
        List<ManageSubscriptions.Entry> changes = type() == IQ.Type.get ? null : entries(action);
        return engine.manageSubscriptions(new ManageSubscriptions.Request(request.getFrom(), node, changes))
                .thenApply(result -> {
                    if (changes == null) {
                        IQ reply = IQ.createResultIQ(request);
                        Element list = ActionElements.resultPubSub(reply, Namespaces.PUBSUB_OWNER).addElement("subscriptions")
                                .addAttribute("node", node);
                        for (Subscription subscription : result.subscriptions()) {
                            list.addElement("subscription")
                                    .addAttribute("jid", subscription.jid().toString())
                                    .addAttribute("subscription", subscription.state().value())
                                    .addAttribute("subid", subscription.subId());
                        }
                        return reply;
                    }
                    if (result.rejected().isEmpty()) {
                        return IQ.createResultIQ(request);
                    }
                    Element pubsub = DocumentHelper.createElement(QName.get("pubsub", Namespaces.PUBSUB_OWNER));
                    Element list = pubsub.addElement("subscriptions").addAttribute("node", node);
                    for (ManageSubscriptions.Rejected rejected : result.rejected()) {
                        Element entry = list.addElement("subscription")
                                .addAttribute("jid", rejected.jid().toString())
                                .addAttribute("subscription", rejected.state().value());
                        if (rejected.subId() != null) {
                            entry.addAttribute("subid", rejected.subId());
                        }
                    }
                    return StanzaErrors.replyWith(request, PubSubException.of(StanzaCondition.NOT_ACCEPTABLE,
                            "some subscriptions could not be changed"), pubsub);
                });
    }

    private static List<ManageSubscriptions.Entry> entries(Element action) {
        List<ManageSubscriptions.Entry> entries = new ArrayList<>();
        for (Element entry : action.elements("subscription")) {
            entries.add(new ManageSubscriptions.Entry(ActionElements.requireJid(entry),
                    entry.attributeValue("subscription"), entry.attributeValue("subid")));
        }
        return entries;
    }
}
