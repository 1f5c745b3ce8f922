package org.pubsubserver.xmpp.pubsub;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.dom4j.Element;
import org.pubsubserver.core.engine.PubSubEngine;
import org.pubsubserver.core.error.PubSubException;
import org.pubsubserver.core.error.StanzaCondition;
import org.pubsubserver.core.model.Item;
import org.pubsubserver.core.model.PageRequest;
import org.pubsubserver.core.usecase.RetrieveItems;
import org.pubsubserver.xmpp.stanza.Namespaces;
import org.pubsubserver.xmpp.stanza.Payloads;
import org.xmpp.packet.IQ;

/**
 * XEP-0060 §6.5 retrieve items: all, the newest {@code max_items} (§6.5.7), by id (§6.5.8), or a page of
 * them with result set management (§6.5.4, XEP-0059), oldest first.
 */
public final class RetrieveItemsAction extends EngineAction {
    public RetrieveItemsAction(PubSubEngine engine) {
        super(engine, Namespaces.PUBSUB, "items", IQ.Type.get, Set.of("retrieve-items", "rsm"));
    }

    @Override
    public CompletionStage<IQ> handle(IQ request, Element action) {
        String node = ActionElements.requireNode(action);
        int maxItems = maxItems(action);
        List<String> ids = new ArrayList<>();
        for (Element item : action.elements("item")) {
            String id = item.attributeValue("id");
            if (id != null) {
                ids.add(id);
            }
        }
        PageRequest page = ResultSets.read(action.getParent());
        return engine.retrieveItems(new RetrieveItems.Request(request.getFrom(), node, maxItems, ids, page))
                .thenApply(retrieved -> {
                    IQ result = IQ.createResultIQ(request);
                    Element pubsub = ActionElements.resultPubSub(result, Namespaces.PUBSUB);
                    if (retrieved.node().isCollection()) {
                        // XEP-0248 §retrieve-items: one <items/> per leaf below the collection the requester may read
                        for (RetrieveItems.Result leaf : retrieved.leaves()) {
                            addItems(pubsub, leaf.node().name(), leaf);
                        }
                        return result;
                    }
                    addItems(pubsub, node, retrieved);
                    if (retrieved.page() != null) {
                        ResultSets.write(pubsub, retrieved.page());
                    }
                    return result;
                });
    }

    private static void addItems(Element pubsub, String node, RetrieveItems.Result retrieved) {
        Element items = pubsub.addElement("items").addAttribute("node", node);
        // §7.1.2.3: with itemreply = publisher, every form of item retrieval names the publisher
        boolean publisher = retrieved.node().config().itemReplyToPublisher();
        for (Item item : retrieved.items()) {
            Element element = items.addElement("item").addAttribute("id", item.itemId());
            if (publisher) {
                element.addAttribute("publisher", item.publisher().toString());
            }
            if (item.hasPayload()) {
                element.add(Payloads.parse(item.payloadXml()));
            }
        }
    }

    private static int maxItems(Element action) {
        String value = action.attributeValue("max_items");
        if (value == null) {
            return 0;
        }
        try {
            int max = Integer.parseInt(value);
            if (max > 0) {
                return max;
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw PubSubException.of(StanzaCondition.BAD_REQUEST, "max_items must be a positive integer: " + value);
    }
}
