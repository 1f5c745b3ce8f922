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
import org.xmpp.packet.IQ;

/** XEP-0060 §6.3.5: a subscriber submits its subscription's options; success is an empty result (§6.3.6.1). */
public final class SubmitOptionsAction extends EngineAction {
    public SubmitOptionsAction(PubSubEngine engine) {
        super(engine, Namespaces.PUBSUB, "options", IQ.Type.set, Set.of());
    }

    @Override
    public CompletionStage<IQ> handle(IQ request, Element action) {
        Map<String, String> submitted = SubmittedForms.read(action, Forms.SUBSCRIBE_OPTIONS);
        if (submitted == null) {
            throw PubSubException.of(StanzaCondition.BAD_REQUEST, PubSubCondition.INVALID_OPTIONS,
                    "<options/> needs a submitted form");
        }
        return engine.subscriptionOptions(OptionsRequests.of(request, action, submitted))
                .thenApply(changed -> IQ.createResultIQ(request));
    }
}
