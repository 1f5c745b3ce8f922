package org.pubsubserver.xmpp.adhoc;

import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import org.dom4j.Element;
import org.dom4j.QName;
import org.pubsubserver.core.engine.PubSubEngine;
import org.pubsubserver.core.error.PubSubException;
import org.pubsubserver.core.error.StanzaCondition;
import org.pubsubserver.core.usecase.PendingSubscriptions;
import org.pubsubserver.xmpp.dispatch.IqHandler;
import org.xmpp.packet.IQ;

/**
 * XEP-0060 §8.7 through XEP-0050: executing {@code http://jabber.org/protocol/pubsub#get-pending} returns a
 * form listing the requester's nodes with pending requests (§8.7.2); submitting it with one node completes
 * and sends one approval message per pending request of that node (§8.7.4). The command keeps no session
 * state: the form carries everything.
 */
public final class PendingSubscriptionsCommand implements IqHandler {
    private static final String DATA = "jabber:x:data";

    private final PubSubEngine engine;
    /** Session ids: a random prefix chosen once and a counter (no SecureRandom read on an event loop). */
    private final String sessionPrefix = "pubsub-get-pending:" + UUID.randomUUID().toString().substring(0, 8) + "-";
    private final AtomicLong sessions = new AtomicLong();

    public PendingSubscriptionsCommand(PubSubEngine engine) {
        this.engine = engine;
    }

    @Override
    public CompletionStage<IQ> handle(IQ request) {
        Element command = request.getChildElement();
        String sessionId = command.attributeValue("sessionid");
        if (sessionId == null || sessionId.isEmpty()) {
            sessionId = sessionPrefix + sessions.incrementAndGet();
        }
        String action = command.attributeValue("action", "execute");
        if ("cancel".equals(action)) {
            return CompletableFuture.completedFuture(reply(request, sessionId, "canceled", null));
        }
        Element form = command.element(QName.get("x", DATA));
        if (form == null) {
            String session = sessionId;
            return engine.nodesWithPendingSubscriptions(request.getFrom()).thenApply(nodes -> {
                IQ reply = reply(request, session, "executing", "execute");
                Element body = reply.getChildElement();
                body.addElement("actions").addAttribute("execute", "complete").addElement("complete");
                // No FORM_TYPE: §8.7.2's example gives this list-single pubsub#node the subscribe_authorization
                // FORM_TYPE, whose registry entry (§17.4.1) makes pubsub#node text-single; clients that check
                // field types per FORM_TYPE (Smack) drop the connection on seeing both.
                Element x = body.addElement(QName.get("x", DATA)).addAttribute("type", "form");
                x.addElement("title").setText("Pending subscription requests");
                x.addElement("instructions").setText("Choose a node to be sent its pending subscription requests.");
                Element field = x.addElement("field").addAttribute("type", "list-single").addAttribute("var", "pubsub#node");
                for (String node : nodes) {
                    field.addElement("option").addElement("value").setText(node);
                }
                return reply;
            });
        }
        String node = null;
        for (Element field : form.elements("field")) {
            if ("pubsub#node".equals(field.attributeValue("var"))) {
                node = field.elementTextTrim("value");
            }
        }
        if (node == null || node.isEmpty()) {
            throw PubSubException.of(StanzaCondition.BAD_REQUEST, "the form names no pubsub#node");
        }
        String session = sessionId;
        return engine.resendPendingSubscriptions(new PendingSubscriptions.Request(request.getFrom(), node))
                .thenApply(count -> reply(request, session, "completed", null));
    }

    /**
     * The command result. {@code action} mirrors §8.7.2's example on the executing form; the completed one
     * has none, as XEP-0050 defines no "completed" action and clients reject it.
     */
    private static IQ reply(IQ request, String sessionId, String status, String action) {
        IQ reply = IQ.createResultIQ(request);
        Element command = reply.setChildElement("command", AdHocCommands.NAMESPACE)
                .addAttribute("sessionid", sessionId)
                .addAttribute("node", AdHocCommands.GET_PENDING)
                .addAttribute("status", status);
        if (action != null) {
            command.addAttribute("action", action);
        }
        return reply;
    }
}
