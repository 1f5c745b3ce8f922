package org.pubsubserver.xmpp.pubsub;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 * XEP-0060 §7.1 publish, with publish-options (§7.1.5) and auto-create (§7.1.4). The result names the
 * item ids (§7.1.2) and is sent only after the engine committed them.
 */
public final class PublishAction extends EngineAction {
    public PublishAction(PubSubEngine engine) {
        super(engine, Namespaces.PUBSUB, "publish", IQ.Type.set, Set.of("publish", "item-ids", "persistent-items",
                "multi-items", "auto-create", "publish-options", "publish-node-full"));
    }

    @Override
    public CompletionStage<IQ> handle(IQ request, Element action) {
        Element optionsElement = action.getParent().element("publish-options");
        Map<String, String> options = optionsElement == null ? null
                : SubmittedForms.read(optionsElement, SubmittedForms.PUBLISH_OPTIONS);
        String node = ActionElements.requireNode(action);
        List<NewItem> items = items(action);
        return engine.publish(new Publish.Request(request.getFrom(), node, items, options)).thenApply(published -> {
            IQ result = IQ.createResultIQ(request);
            Element publish = ActionElements.resultPubSub(result, Namespaces.PUBSUB).addElement("publish")
                    .addAttribute("node", node);
            for (Item item : published.items()) {
                publish.addElement("item").addAttribute("id", item.itemId());
            }
            return result;
        });
    }

    /**
     * §7.1.1: no item or one (batches were removed in version 1.13: "no longer allowed"); §7.1.3.6
     * (invalid-payload): at most one payload element per item; whether an item is needed is the node's.
     */
    private static List<NewItem> items(Element action) {
        List<Element> itemElements = action.elements("item");
        if (itemElements.size() > 1) {
            throw PubSubException.of(StanzaCondition.BAD_REQUEST,
                    "one item per publish request (XEP-0060 §7.1.1); send each item in a request of its own");
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
