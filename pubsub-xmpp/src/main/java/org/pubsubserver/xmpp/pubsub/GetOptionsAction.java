package org.pubsubserver.xmpp.pubsub;

import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.dom4j.Element;
import org.pubsubserver.core.engine.PubSubEngine;
import org.pubsubserver.xmpp.stanza.Namespaces;
import org.xmpp.forms.DataForm;
import org.xmpp.packet.IQ;

/** XEP-0060 §6.3.2: a subscriber asks for its subscription's options form. */
public final class GetOptionsAction extends EngineAction {
    public GetOptionsAction(PubSubEngine engine) {
        super(engine, Namespaces.PUBSUB, "options", IQ.Type.get, Set.of("subscription-options", "leased-subscription"));
    }

    @Override
    public CompletionStage<IQ> handle(IQ request, Element action) {
        return engine.subscriptionOptions(OptionsRequests.of(request, action, null)).thenApply(found -> {
            var subscription = found.subscription();
            IQ result = IQ.createResultIQ(request);
            Element options = ActionElements.resultPubSub(result, Namespaces.PUBSUB).addElement("options")
                    .addAttribute("node", subscription.node())
                    .addAttribute("jid", subscription.jid().toString())
                    .addAttribute("subid", subscription.subId());
            options.add(OptionsRequests.form(subscription.options(), DataForm.Type.form,
                    found.node().config().rendersBody()));
            return result;
        });
    }
}
