package org.pubsubserver.xmpp.pubsub;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.dom4j.Element;
import org.pubsubserver.core.engine.PubSubEngine;
import org.pubsubserver.core.error.PubSubCondition;
import org.pubsubserver.core.error.PubSubException;
import org.pubsubserver.core.error.StanzaCondition;
import org.pubsubserver.xmpp.stanza.Namespaces;
import org.xmpp.forms.DataForm;
import org.xmpp.packet.IQ;

/**
 * XEP-0060 §6.3 "Configure Subscription Options", one instance per IQ type: a get asks for the
 * subscription's options form (§6.3.2), a set submits it (§6.3.5; success is an empty result, §6.3.6.1).
 */
public final class ConfigureSubscriptionAction extends EngineAction {
    public ConfigureSubscriptionAction(PubSubEngine engine, IQ.Type type) {
        super(engine, Namespaces.PUBSUB, "options", type, Set.of("subscription-options", "leased-subscription"));
    }

    @Override
    public CompletionStage<IQ> handle(IQ request, Element action) {
        return type() == IQ.Type.get ? read(request, action) : submit(request, action);
    }

    private CompletionStage<IQ> read(IQ request, Element action) {
        return engine.configureSubscription(OptionsRequests.of(request, action, null)).thenApply(found -> {
            var subscription = found.subscription();
            IQ result = IQ.createResultIQ(request);
            Element options = ActionElements.resultPubSub(result, Namespaces.PUBSUB).addElement("options")
                    .addAttribute("node", subscription.node())
                    .addAttribute("jid", subscription.jid().toString())
                    .addAttribute("subid", subscription.subId());
            options.add(OptionsRequests.form(subscription.options(), DataForm.Type.form,
                    found.node().config()));
            return result;
        });
    }

    private CompletionStage<IQ> submit(IQ request, Element action) {
        Map<String, String> submitted = SubmittedForms.read(action, Forms.SUBSCRIBE_OPTIONS);
        if (submitted == null) {
            throw PubSubException.of(StanzaCondition.BAD_REQUEST, PubSubCondition.INVALID_OPTIONS,
                    "<options/> needs a submitted form");
        }
        return engine.configureSubscription(OptionsRequests.of(request, action, submitted))
                .thenApply(changed -> IQ.createResultIQ(request));
    }
}
