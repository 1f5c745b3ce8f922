package org.pubsubserver.xmpp.disco;

import java.util.SortedSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.dom4j.Element;
import org.pubsubserver.core.engine.PubSubEngine;
import org.pubsubserver.core.error.PubSubException;
import org.pubsubserver.xmpp.dispatch.IqHandler;
import org.pubsubserver.xmpp.stanza.Namespaces;
import org.xmpp.packet.IQ;

/**
 * disco#info (XEP-0030): on the service, identity {@code pubsub/service} and its features (XEP-0060 §5.1);
 * on a node, identity {@code pubsub/leaf} (§5.3, §5.4).
 */
public final class DiscoInfoHandler implements IqHandler {
    private final String serviceName;
    private final SortedSet<String> features;
    private final PubSubEngine engine;

    public DiscoInfoHandler(String serviceName, SortedSet<String> features, PubSubEngine engine) {
        this.serviceName = serviceName;
        this.features = features;
        this.engine = engine;
    }

    @Override
    public CompletionStage<IQ> handle(IQ request) {
        String node = request.getChildElement().attributeValue("node");
        if (node == null) {
            IQ result = IQ.createResultIQ(request);
            Element query = result.setChildElement("query", Namespaces.DISCO_INFO);
            query.addElement("identity").addAttribute("category", "pubsub").addAttribute("type", "service")
                    .addAttribute("name", serviceName);
            for (String feature : features) {
                query.addElement("feature").addAttribute("var", feature);
            }
            return CompletableFuture.completedFuture(result);
        }
        return engine.findNode(node).thenApply(found -> {
            if (found.isEmpty()) {
                throw PubSubException.nodeNotFound(node);
            }
            IQ result = IQ.createResultIQ(request);
            Element query = result.setChildElement("query", Namespaces.DISCO_INFO).addAttribute("node", node);
            query.addElement("identity").addAttribute("category", "pubsub").addAttribute("type", "leaf");
            query.addElement("feature").addAttribute("var", Namespaces.DISCO_INFO);
            query.addElement("feature").addAttribute("var", Namespaces.PUBSUB);
            return result;
        });
    }
}
