package org.pubsubserver.xmpp.adhoc;

import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.pubsubserver.core.error.PubSubException;
import org.pubsubserver.core.error.StanzaCondition;
import org.pubsubserver.xmpp.dispatch.IqHandler;
import org.xmpp.packet.IQ;

/** XEP-0050 requests, by command node, to the command that serves it; an unknown node is item-not-found. */
public final class CommandRouter implements IqHandler {
    private final Map<String, IqHandler> commands;

    public CommandRouter(Map<String, IqHandler> commands) {
        this.commands = Map.copyOf(commands);
    }

    @Override
    public CompletionStage<IQ> handle(IQ request) {
        String node = request.getChildElement().attributeValue("node");
        IqHandler command = node == null ? null : commands.get(node);
        if (command == null) {
            throw PubSubException.of(StanzaCondition.ITEM_NOT_FOUND, "no such command: " + node);
        }
        return command.handle(request);
    }
}
