package org.pubsubserver.xmpp.disco;

import java.util.Collection;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.dom4j.Element;
import org.pubsubserver.xmpp.adhoc.AdHocCommands;
import org.pubsubserver.core.engine.PubSubEngine;
import org.pubsubserver.xmpp.dispatch.IqHandler;
import org.pubsubserver.xmpp.stanza.Namespaces;
import org.xmpp.packet.IQ;

/**
 * disco#info (XEP-0030): on the service, identity {@code pubsub/service} and its features (XEP-0060 §5.1);
 * on a node, identity {@code pubsub/leaf} (§5.3), or {@code pubsub/collection} (XEP-0248), with the node's
 * meta-data form (§5.4), and the archive features (XEP-0313 §7) where the node keeps an archive.
 */
public final class DiscoInfoHandler implements IqHandler {
    /** The feature this handler brings: node meta-data in disco#info (§5.4). */
    public static final String META_DATA_FEATURE = "meta-data";
    /** Collection nodes (XEP-0248 §disco-support); one collection per node, so no multi-collections. */
    public static final String COLLECTIONS_FEATURE = "collections";

    private final String serviceName;
    private final SortedSet<String> features;
    private final Supplier<Collection<String>> currentFeatures;
    private final PubSubEngine engine;

    /**
     * {@code currentFeatures}: features that depend on what the XMPP server grants (e.g. access-roster),
     * asked at each request.
     */
    public DiscoInfoHandler(String serviceName, SortedSet<String> features, Supplier<Collection<String>> currentFeatures,
                            PubSubEngine engine) {
        this.serviceName = serviceName;
        this.features = features;
        this.currentFeatures = currentFeatures;
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
            SortedSet<String> all = new TreeSet<>(features);
            all.addAll(currentFeatures.get());
            for (String feature : all) {
                query.addElement("feature").addAttribute("var", feature);
            }
            return CompletableFuture.completedFuture(result);
        }
        if (AdHocCommands.isCommandNode(node)) {
            // XEP-0050 §2.3 (the command) and §2.2 (the list of commands)
            IQ result = IQ.createResultIQ(request);
            Element query = result.setChildElement("query", Namespaces.DISCO_INFO).addAttribute("node", node);
            if (AdHocCommands.OFFERED.containsKey(node)) {
                query.addElement("identity").addAttribute("category", "automation").addAttribute("type", "command-node")
                        .addAttribute("name", AdHocCommands.OFFERED.get(node));
                query.addElement("feature").addAttribute("var", AdHocCommands.NAMESPACE);
                query.addElement("feature").addAttribute("var", "jabber:x:data");
            } else {
                query.addElement("identity").addAttribute("category", "automation").addAttribute("type", "command-list");
            }
            return CompletableFuture.completedFuture(result);
        }
        return engine.describeNode(node).thenApply(description -> {
            IQ result = IQ.createResultIQ(request);
            Element query = result.setChildElement("query", Namespaces.DISCO_INFO).addAttribute("node", node);
            // XEP-0248 §registrar-disco: a collection's identity type is collection
            query.addElement("identity").addAttribute("category", "pubsub")
                    .addAttribute("type", description.node().isCollection() ? "collection" : "leaf");
            query.addElement("feature").addAttribute("var", Namespaces.DISCO_INFO);
            query.addElement("feature").addAttribute("var", Namespaces.PUBSUB);
            if (engine.keepsArchive(description.node())) { // XEP-0313 §7 on the archive's address
                query.addElement("feature").addAttribute("var", Namespaces.MAM);
                query.addElement("feature").addAttribute("var", Namespaces.MAM_EXTENDED);
            }
            query.add(NodeMetadataForm.of(description));
            return result;
        });
    }
}
