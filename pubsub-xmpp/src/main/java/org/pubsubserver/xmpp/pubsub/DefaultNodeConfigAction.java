package org.pubsubserver.xmpp.pubsub;

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.dom4j.Element;
import org.pubsubserver.core.model.NodeConfig;
import org.pubsubserver.xmpp.stanza.Namespaces;
import org.xmpp.forms.DataForm;
import org.xmpp.packet.IQ;

/** XEP-0060 §8.3: the default node configuration, as a form. */
public final class DefaultNodeConfigAction implements PubSubAction {
    private final NodeConfig defaults;

    public DefaultNodeConfigAction(NodeConfig defaults) {
        this.defaults = defaults;
    }

    @Override
    public String namespace() {
        return Namespaces.PUBSUB_OWNER;
    }

    @Override
    public String element() {
        return "default";
    }

    @Override
    public IQ.Type type() {
        return IQ.Type.get;
    }

    @Override
    public Set<String> features() {
        return Set.of("retrieve-default");
    }

    @Override
    public CompletionStage<IQ> handle(IQ request, Element action) {
        IQ result = IQ.createResultIQ(request);
        // XEP-0248 §owner-default: <default type='collection'/> asks for the defaults of a collection
        NodeConfig shown = "collection".equals(action.attributeValue("type"))
                ? defaults.withType("collection") : defaults;
        ActionElements.resultPubSub(result, Namespaces.PUBSUB_OWNER).addElement("default")
                .add(NodeConfigForms.form(shown, DataForm.Type.form));
        return CompletableFuture.completedFuture(result);
    }
}
