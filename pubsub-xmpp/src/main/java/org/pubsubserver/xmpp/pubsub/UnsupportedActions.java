package org.pubsubserver.xmpp.pubsub;

import java.util.Map;
import org.pubsubserver.xmpp.stanza.Namespaces;

/** The feature an unimplemented action element stands for, for the {@code <unsupported feature/>} error. */
final class UnsupportedActions {
    /** Subscriber-namespace elements that are not (yet) actions of their own. */
    private static final Map<String, String> SUBSCRIBER_ACTIONS = Map.of("configure", "config-node");
    private static final Map<String, String> OWNER_ACTIONS = Map.of();

    private UnsupportedActions() {
    }

    static String featureOf(String namespace, String element) {
        Map<String, String> table = Namespaces.PUBSUB_OWNER.equals(namespace) ? OWNER_ACTIONS : SUBSCRIBER_ACTIONS;
        return table.getOrDefault(element, element);
    }
}
