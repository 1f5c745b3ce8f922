package org.pubsubserver.xmpp.adhoc;

import java.util.Map;

/** XEP-0050 names: the protocol, its disco node, and the commands this service offers. */
public final class AdHocCommands {
    public static final String NAMESPACE = "http://jabber.org/protocol/commands";
    /** The disco#items node listing the commands (XEP-0050 §2.2). */
    public static final String COMMANDS_NODE = NAMESPACE;
    /** XEP-0060 §8.7: the command to get pending subscription requests. */
    public static final String GET_PENDING = "http://jabber.org/protocol/pubsub#get-pending";
    public static final String GET_PENDING_NAME = "Get pending subscription requests";

    private AdHocCommands() {
    }

    /** The commands offered, by node, with their names (disco#items of the commands node). */
    public static final Map<String, String> OFFERED = Map.of(
            GET_PENDING, GET_PENDING_NAME,
            StreamTokenCommand.NODE, StreamTokenCommand.NAME,
            StreamTokenCommand.PUBLISH_NODE, StreamTokenCommand.PUBLISH_NAME);

    /** Whether a disco node is one of ours rather than a pubsub node. */
    public static boolean isCommandNode(String node) {
        return COMMANDS_NODE.equals(node) || OFFERED.containsKey(node);
    }
}
