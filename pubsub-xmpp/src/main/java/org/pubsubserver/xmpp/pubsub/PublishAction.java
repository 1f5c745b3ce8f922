package org.pubsubserver.xmpp.pubsub;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.dom4j.Element;
import org.pubsubserver.core.engine.PubSubEngine;
import org.pubsubserver.core.error.PubSubCondition;
import org.pubsubserver.core.error.PubSubException;
import org.pubsubserver.core.error.StanzaCondition;
import org.pubsubserver.core.model.Item;
import org.pubsubserver.core.model.NewItem;
import org.pubsubserver.core.usecase.Publish;
import org.pubsubserver.xmpp.stanza.Namespaces;
import org.pubsubserver.xmpp.stanza.Payloads;
import org.xmpp.packet.IQ;

/**
 * XEP-0060 §7.1 publish. The result names the stored item ids (§7.1.2) and is sent only after the
 * engine committed them.
 */
public final class PublishAction extends EngineAction {
    public PublishAction(PubSubEngine engine) {
        super(engine, Namespaces.PUBSUB, "publish", IQ.Type.set, Set.of("publish", "item-ids", "persistent-items"));
    }

    @Override
    public CompletionStage<IQ> handle(IQ request, Element action) {
        if (action.getParent().element("publish-options") != null) {
            throw PubSubException.unsupported("publish-options");
        }
        String node = ActionElements.requireNode(action);
        List<NewItem> items = items(action);
        return engine.publish(new Publish.Request(request.getFrom(), node, items)).thenApply(published -> {
            IQ result = IQ.createResultIQ(request);
            Element publish = ActionElements.resultPubSub(result, Namespaces.PUBSUB).addElement("publish")
                    .addAttribute("node", node);
            for (Item item : published.items()) {
                publish.addElement("item").addAttribute("id", item.itemId());
            }
            return result;
        });
    }

    /** §7.1.3.6: at least one item; §7.1.3.5 (invalid-payload): at most one payload element per item. */
    private static List<NewItem> items(Element action) {
        List<Element> itemElements = action.elements("item");
        if (itemElements.isEmpty()) {
            throw PubSubException.of(StanzaCondition.BAD_REQUEST, PubSubCondition.ITEM_REQUIRED,
                    "publish needs an <item/>");
        }
        List<NewItem> items = new ArrayList<>(itemElements.size());
        for (Element item : itemElements) {
            List<Element> payloads = item.elements();
            if (payloads.size() > 1) {
                throw PubSubException.of(StanzaCondition.BAD_REQUEST, PubSubCondition.INVALID_PAYLOAD,
                        "an item carries at most one payload element");
            }
            String payload = payloads.isEmpty() ? "" : Payloads.toXml(payloads.get(0));
            items.add(new NewItem(ActionElements.requireAcceptableId(item.attributeValue("id"), "an item id"), payload));
        }
        return items;
    }
}
