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
import org.pubsubserver.core.usecase.RetractItems;
import org.pubsubserver.xmpp.stanza.Namespaces;
import org.xmpp.packet.IQ;

/** XEP-0060 §7.2 delete items; with {@code notify='true'} (or '1') subscribers are told (§7.2.2.1). */
public final class RetractItemsAction extends EngineAction {
    public RetractItemsAction(PubSubEngine engine) {
        super(engine, Namespaces.PUBSUB, "retract", IQ.Type.set, Set.of("delete-items", "retract-items"));
    }

    @Override
    public CompletionStage<IQ> handle(IQ request, Element action) {
        String node = ActionElements.requireNode(action);
        List<String> ids = new ArrayList<>();
        for (Element item : action.elements("item")) {
            String id = item.attributeValue("id");
            if (id == null || id.isEmpty()) {
                throw itemRequired();
            }
            ids.add(id);
        }
        if (ids.isEmpty()) {
            throw itemRequired();
        }
        String notify = action.attributeValue("notify");
        boolean notifySubscribers = "true".equals(notify) || "1".equals(notify);
        return engine.retractItems(new RetractItems.Request(request.getFrom(), node, ids, notifySubscribers))
                .thenApply(done -> IQ.createResultIQ(request));
    }

    /** §7.2.3.4: no item, or an item without id. */
    private static PubSubException itemRequired() {
        return PubSubException.of(StanzaCondition.BAD_REQUEST, PubSubCondition.ITEM_REQUIRED,
                "retract needs <item id='...'/>");
    }
}
