package org.pubsubserver.xmpp.mam;

import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.dom4j.Element;
import org.pubsubserver.core.archive.ArchiveIds;
import org.pubsubserver.core.engine.PubSubEngine;
import org.pubsubserver.core.error.PubSubException;
import org.pubsubserver.core.error.StanzaCondition;
import org.pubsubserver.core.model.Item;
import org.pubsubserver.xmpp.dispatch.IqHandler;
import org.pubsubserver.xmpp.stanza.Namespaces;
import org.xmpp.packet.IQ;

/**
 * XEP-0313 §5: {@code <metadata xmlns='urn:xmpp:mam:2' node='...'/>} in an IQ get: the ids and times of the oldest and
 * newest items in the node's archive, or nothing inside when it is empty. Access as for a query.
 */
public final class ArchiveMetadataHandler implements IqHandler {
    private final PubSubEngine engine;
    private final ArchiveIds ids;

    public ArchiveMetadataHandler(PubSubEngine engine, ArchiveIds ids) {
        this.engine = engine;
        this.ids = ids;
    }

    @Override
    public CompletionStage<IQ> handle(IQ request) {
        String node = request.getChildElement().attributeValue("node");
        if (node == null || node.isEmpty()) {
            throw PubSubException.of(StanzaCondition.FEATURE_NOT_IMPLEMENTED,
                    "this service keeps the archives of its nodes (XEP-0442): name one with node='...'");
        }
        return engine.archiveEdges(request.getFrom(), node).thenApply(edges -> {
            IQ result = IQ.createResultIQ(request);
            Element metadata = result.setChildElement("metadata", Namespaces.MAM).addAttribute("node", node);
            edge(metadata, "start", node, edges.oldest());
            edge(metadata, "end", node, edges.newest());
            return result;
        });
    }

    private void edge(Element metadata, String name, String node, Optional<Item> item) {
        item.ifPresent(found -> metadata.addElement(name).addAttribute("id", ids.idOf(node, found.sequence()))
                .addAttribute("timestamp", found.published().toString()));
    }
}
