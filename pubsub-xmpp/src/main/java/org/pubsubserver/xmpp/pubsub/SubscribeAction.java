package org.pubsubserver.xmpp.pubsub;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.dom4j.Element;
import org.pubsubserver.core.engine.PubSubEngine;
import org.pubsubserver.core.error.PubSubException;
import org.pubsubserver.core.error.StanzaCondition;
import org.pubsubserver.core.model.Subscription;
import org.pubsubserver.core.usecase.Subscribe;
import org.pubsubserver.xmpp.stanza.Namespaces;
import org.xmpp.forms.DataForm;
import org.xmpp.packet.IQ;

/**
 * XEP-0060 §6.1 subscribe; the result carries the subscription with its subid (§6.1.2). With an
 * {@code <options/>} form it subscribes and configures at once (§6.3.7), as a subscription of its own.
 */
public final class SubscribeAction extends EngineAction {
    public SubscribeAction(PubSubEngine engine) {
        super(engine, Namespaces.PUBSUB, "subscribe", IQ.Type.set,
                Set.of("subscribe", "access-open", "access-authorize", "access-whitelist", "last-published",
                        "multi-subscribe"));
    }

    @Override
    public CompletionStage<IQ> handle(IQ request, Element action) {
        Element optionsElement = action.getParent().element("options");
        if (optionsElement != null && (optionsElement.attribute("node") != null || optionsElement.attribute("jid") != null)) {
            // §6.3.7: the options of a subscribe-and-configure name neither node nor jid
            throw PubSubException.of(StanzaCondition.BAD_REQUEST, "<options/> after <subscribe/> takes no node or jid");
        }
        Map<String, String> options = optionsElement == null ? null
                : SubmittedForms.read(optionsElement, Forms.SUBSCRIBE_OPTIONS);
        String node = ActionElements.requireNode(action);
        Subscribe.Request subscribe = new Subscribe.Request(request.getFrom(), node, ActionElements.requireJid(action), options);
        return engine.subscribe(subscribe).thenApply(subscribed -> result(request, subscribed.subscription(),
                // §6.3.7: the options as they now are; include_body only where the node renders bodies (§13.8)
                options == null ? null : OptionsRequests.form(subscribed.subscription().options(), DataForm.Type.result,
                        subscribed.node().config())));
    }

    private static IQ result(IQ request, Subscription subscription, Element optionsForm) {
        IQ result = IQ.createResultIQ(request);
        Element pubsub = ActionElements.resultPubSub(result, Namespaces.PUBSUB);
        ActionElements.addSubscription(pubsub, subscription);
        if (optionsForm != null) {
            pubsub.addElement("options").add(optionsForm);
        }
        return result;
    }
}
