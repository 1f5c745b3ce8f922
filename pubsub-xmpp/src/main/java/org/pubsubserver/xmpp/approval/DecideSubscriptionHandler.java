package org.pubsubserver.xmpp.approval;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.dom4j.Element;
import org.dom4j.QName;
import org.pubsubserver.core.engine.PubSubEngine;
import org.pubsubserver.core.error.PubSubException;
import org.pubsubserver.core.error.StanzaCondition;
import org.pubsubserver.core.usecase.DecideSubscription;
import org.pubsubserver.xmpp.stanza.StanzaErrors;
import org.pubsubserver.xmpp.stanza.StanzaOutput;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xmpp.packet.JID;

/**
 * An owner's answer to a subscription request (XEP-0060 §8.6): a message with the subscribe_authorization
 * form submitted (pubsub#allow true approves, false denies) or cancelled (the request stays pending). An
 * answer that cannot be applied gets a message error back, with the reason.
 */
public final class DecideSubscriptionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(DecideSubscriptionHandler.class);
    private static final QName X = QName.get("x", "jabber:x:data");

    private final PubSubEngine engine;
    private final StanzaOutput output;

    public DecideSubscriptionHandler(PubSubEngine engine, StanzaOutput output) {
        this.engine = engine;
        this.output = output;
    }

    /** Handles the message if it carries an authorization form; returns false when it does not. */
    public boolean handle(Element message) {
        Element form = message.element(X);
        if (form == null || "error".equals(message.attributeValue("type"))) {
            return false;
        }
        Map<String, String> fields = new HashMap<>();
        for (Element field : form.elements("field")) {
            fields.put(field.attributeValue("var"), field.elementTextTrim("value"));
        }
        if (!AuthorizationForm.FORM_TYPE.equals(fields.get("FORM_TYPE"))) {
            return false;
        }
        if ("cancel".equals(form.attributeValue("type"))) {
            return true; // §8.6: a cancelled form leaves the request pending
        }
        if (message.attributeValue("from") == null) {
            return true; // nobody to answer or to hold to account
        }
        if (!"submit".equals(form.attributeValue("type"))) {
            refuse(message, StanzaCondition.BAD_REQUEST, "answer with the form submitted (type 'submit') or cancelled");
            return true;
        }
        JID owner;
        JID subscriber;
        String node = fields.get(AuthorizationForm.NODE);
        try {
            owner = new JID(message.attributeValue("from"));
            subscriber = new JID(fields.get(AuthorizationForm.SUBSCRIBER_JID));
        } catch (IllegalArgumentException | NullPointerException e) {
            refuse(message, StanzaCondition.BAD_REQUEST, "the form needs a valid pubsub#subscriber_jid");
            return true;
        }
        String allow = fields.get(AuthorizationForm.ALLOW);
        if (node == null || node.isEmpty() || allow == null) {
            refuse(message, StanzaCondition.BAD_REQUEST, "the form needs pubsub#node and pubsub#allow");
            return true;
        }
        if (!Set.of("1", "true", "0", "false").contains(allow)) {
            refuse(message, StanzaCondition.BAD_REQUEST, "pubsub#allow must be true or false, not '" + allow + "'");
            return true;
        }
        boolean allowed = "1".equals(allow) || "true".equals(allow);
        engine.decideSubscription(new DecideSubscription.Request(owner, node, fields.get(AuthorizationForm.SUBID),
                subscriber, allowed)).whenComplete((decided, failure) -> {
                    if (failure == null) {
                        LOG.info("{} {} the subscription of {} to {}", owner.toBareJID(), allowed ? "approved" : "denied",
                                subscriber, node);
                        return;
                    }
                    Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
                    if (cause instanceof PubSubException refusal) {
                        refuse(message, refusal.condition(), refusal.getMessage());
                    } else {
                        LOG.error("Could not apply {}'s answer about {} on {}", owner, subscriber, node, cause);
                        refuse(message, StanzaCondition.INTERNAL_SERVER_ERROR, "the answer could not be applied");
                    }
                });
        return true;
    }

    private void refuse(Element message, StanzaCondition condition, String text) {
        output.send(StanzaErrors.messageError(message, condition, text));
    }
}
