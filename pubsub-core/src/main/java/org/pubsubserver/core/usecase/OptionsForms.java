package org.pubsubserver.core.usecase;

import java.util.Map;
import org.pubsubserver.core.config.InvalidConfigException;
import org.pubsubserver.core.config.SubscriptionOptionField;
import org.pubsubserver.core.error.PubSubCondition;
import org.pubsubserver.core.error.PubSubException;
import org.pubsubserver.core.error.StanzaCondition;
import org.pubsubserver.core.model.Node;
import org.pubsubserver.core.model.SubscriptionOptions;

/** Submitted subscription options into {@link SubscriptionOptions}, or the XEP's refusal. */
final class OptionsForms {
    private OptionsForms() {
    }

    /**
     * §6.3.6.2: options the service does not take are bad-request + invalid-options; so is include_body on a
     * node whose payloads the service cannot render as a body (§13.8).
     */
    static SubscriptionOptions apply(Node node, SubscriptionOptions current, Map<String, String> submitted) {
        SubscriptionOptions options;
        try {
            options = current.with(submitted);
        } catch (InvalidConfigException e) {
            throw invalid(e.getMessage());
        }
        if (!node.isCollection() && (!options.value(SubscriptionOptionField.SUBSCRIPTION_TYPE).equals(
                current.value(SubscriptionOptionField.SUBSCRIPTION_TYPE)) || options.depth() != current.depth())) {
            // offered on collections only (XEP-0248 §subscribe): on a leaf they would do nothing
            throw invalid("pubsub#subscription_type and pubsub#subscription_depth are options of collections only;"
                    + " " + node.name() + " is a leaf");
        }
        if (options.includeBody() && !node.config().rendersBody()) {
            throw invalid("the service cannot render a body for the payloads of " + node.name());
        }
        return options;
    }

    private static PubSubException invalid(String message) {
        return PubSubException.of(StanzaCondition.BAD_REQUEST, PubSubCondition.INVALID_OPTIONS, message);
    }
}
