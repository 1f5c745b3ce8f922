package org.pubsubserver.xmpp.pubsub;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.dom4j.Element;
import org.pubsubserver.core.config.SubscriptionOptionField;
import org.pubsubserver.core.model.NodeConfig;
import org.pubsubserver.core.model.SubscriptionOptions;
import org.pubsubserver.core.usecase.ConfigureSubscription;
import org.xmpp.forms.DataForm;
import org.xmpp.packet.IQ;

/** What the subscription-options actions share: the options form, and reading an {@code <options/>} request. */
final class OptionsRequests {
    private OptionsRequests() {
    }

    /**
     * The pubsub#subscribe_options form of {@code options}, of the given type (a form to fill in, or a
     * result) for a subscription to {@code node}. include_body is offered only where the service can render a body
     * (§13.8); subscription_type and subscription_depth only on collections (XEP-0248 §subscribe).
     */
    static Element form(SubscriptionOptions options, DataForm.Type type, NodeConfig node) {
        boolean rendersBody = node.rendersBody();
        boolean collection = node.isCollection();
        List<SubscriptionOptionField> fields = Arrays.stream(SubscriptionOptionField.values())
                .filter(field -> rendersBody || field != SubscriptionOptionField.INCLUDE_BODY)
                .filter(field -> collection || (field != SubscriptionOptionField.SUBSCRIPTION_TYPE
                        && field != SubscriptionOptionField.SUBSCRIPTION_DEPTH)).toList();
        return Forms.render(Forms.SUBSCRIBE_OPTIONS, type, fields, options::value);
    }

    /** The engine request of {@code <options node jid [subid]/>}; {@code submitted} is null for a read. */
    static ConfigureSubscription.Request of(IQ iq, Element action, Map<String, String> submitted) {
        String subId = action.attributeValue("subid");
        return new ConfigureSubscription.Request(iq.getFrom(), ActionElements.requireNode(action),
                ActionElements.requireJid(action), subId == null || subId.isEmpty() ? null : subId, submitted);
    }
}
