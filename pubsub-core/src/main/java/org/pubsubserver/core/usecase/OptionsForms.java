package org.pubsubserver.core.usecase;

import java.util.Map;
import org.pubsubserver.core.config.InvalidConfigException;
import org.pubsubserver.core.error.PubSubCondition;
import org.pubsubserver.core.error.PubSubException;
import org.pubsubserver.core.error.StanzaCondition;
import org.pubsubserver.core.model.SubscriptionOptions;

/** Submitted subscription options into {@link SubscriptionOptions}, or the XEP's refusal. */
final class OptionsForms {
    private OptionsForms() {
    }

    /** §6.3.6.2: options the service does not take are bad-request + invalid-options. */
    static SubscriptionOptions parse(Map<String, String> submitted) {
        try {
            return SubscriptionOptions.defaults().with(submitted);
        } catch (InvalidConfigException e) {
            throw PubSubException.of(StanzaCondition.BAD_REQUEST, PubSubCondition.INVALID_OPTIONS, e.getMessage());
        }
    }

    static SubscriptionOptions apply(SubscriptionOptions current, Map<String, String> submitted) {
        try {
            return current.with(submitted);
        } catch (InvalidConfigException e) {
            throw PubSubException.of(StanzaCondition.BAD_REQUEST, PubSubCondition.INVALID_OPTIONS, e.getMessage());
        }
    }
}
