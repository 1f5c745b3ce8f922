package org.pubsubserver.xmpp.disco;

import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CompletableFuture;
import org.dom4j.Element;
import org.pubsubserver.xmpp.adhoc.AdHocCommands;
import org.pubsubserver.core.engine.PubSubEngine;
import org.pubsubserver.core.model.Item;
import org.pubsubserver.core.usecase.RetrieveItems;
import org.pubsubserver.xmpp.dispatch.IqHandler;
import org.pubsubserver.xmpp.stanza.Namespaces;
import org.xmpp.packet.IQ;
import org.xmpp.packet.JID;

/**
 * disco#items: the service's nodes below the root (XEP-0060 §5.2, XEP-0248 §root), a collection's children
 * (XEP-0248 §disco-nodes), or a leaf's item ids (§5.5).
 */
public final class DiscoItemsHandler implements IqHandler {
    private final PubSubEngine engine;
    private final String serviceJid;

    public DiscoItemsHandler(JID serviceJid, PubSubEngine engine) {
        this.engine = engine;
        this.serviceJid = serviceJid.toString();
    }

    @Override
    public CompletionStage<IQ> handle(IQ request) {
        String service = serviceJid;
        String node = request.getChildElement().attributeValue("node");
        if (node == null) {
            // XEP-0248 §root: the nodes directly below the root (every node, where there are no collections)
            return engine.topLevelNodeNames().thenApply(names -> {
                IQ result = IQ.createResultIQ(request);
                Element query = result.setChildElement("query", Namespaces.DISCO_ITEMS);
                for (String name : names) {
                    query.addElement("item").addAttribute("jid", service).addAttribute("node", name);
                }
                return result;
            });
        }
        if (AdHocCommands.COMMANDS_NODE.equals(node)) {
            // XEP-0050 §2.2: the commands offered
            IQ result = IQ.createResultIQ(request);
            Element query = result.setChildElement("query", Namespaces.DISCO_ITEMS).addAttribute("node", node);
            new TreeMap<>(AdHocCommands.OFFERED).forEach((command, name) -> query.addElement("item")
                    .addAttribute("jid", service).addAttribute("node", command).addAttribute("name", name));
            return CompletableFuture.completedFuture(result);
        }
        if (AdHocCommands.OFFERED.containsKey(node)) {
            IQ result = IQ.createResultIQ(request);
            result.setChildElement("query", Namespaces.DISCO_ITEMS).addAttribute("node", node);
            return CompletableFuture.completedFuture(result);
        }
        return engine.childNodes(node).thenCompose(found -> found.node().isCollection()
                ? CompletableFuture.completedFuture(children(request, node, found.names()))
                : items(request, node));
    }

    /** XEP-0248 §disco-nodes: a collection's items are its children. */
    private IQ children(IQ request, String node, List<String> children) {
        IQ result = IQ.createResultIQ(request);
        Element query = result.setChildElement("query", Namespaces.DISCO_ITEMS).addAttribute("node", node);
        for (String child : children) {
            query.addElement("item").addAttribute("jid", serviceJid).addAttribute("node", child);
        }
        return result;
    }

    /** §5.5: a leaf's items, by id. */
    private CompletionStage<IQ> items(IQ request, String node) {
        String service = serviceJid;
        return engine.retrieveItems(new RetrieveItems.Request(request.getFrom(), node, 0, List.of()))
                .thenApply(retrieved -> {
                    IQ result = IQ.createResultIQ(request);
                    Element query = result.setChildElement("query", Namespaces.DISCO_ITEMS).addAttribute("node", node);
                    for (Item item : retrieved.items()) {
                        query.addElement("item").addAttribute("jid", service).addAttribute("name", item.itemId());
                    }
                    return result;
                });
    }
}
