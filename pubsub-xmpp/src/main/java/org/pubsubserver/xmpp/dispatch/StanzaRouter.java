package org.pubsubserver.xmpp.dispatch;

import java.util.function.Consumer;
import java.util.function.Predicate;
import org.dom4j.Element;
import org.pubsubserver.core.access.ServicePolicy;
import org.pubsubserver.xmpp.link.InboundStanzaHandler;
import org.pubsubserver.xmpp.stanza.StanzaErrors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xmpp.packet.IQ;
import org.xmpp.packet.JID;

/**
 * Takes every stanza the XMPP server routes to the component. IQ get/set go to the {@link IqDispatcher};
 * an IQ of an unknown type gets {@code bad-request} (RFC 6120 §8.2.3); presence goes to
 * {@code presences}, messages to {@code messages} (owners' answers to subscription requests); IQ results and
 * errors, and other messages, are not used and are dropped with a debug line.
 */
public final class StanzaRouter implements InboundStanzaHandler {
    private static final Logger LOG = LoggerFactory.getLogger(StanzaRouter.class);
    private static final String OPERATOR_DOMAIN = ServicePolicy.OPERATOR.getDomain();

    private final IqDispatcher iqs;
    private final Consumer<IQ> replies;
    private final Consumer<Element> presences;
    private final Predicate<Element> messages;
    private final Predicate<Element> iqResponses;

    /**
     * {@code messages} and {@code iqResponses} (IQ results and errors, answers to the component's own
     * requests) return false for a stanza they do not use; it is then dropped with a debug line.
     */
    public StanzaRouter(IqDispatcher iqs, Consumer<IQ> replies, Consumer<Element> presences, Predicate<Element> messages,
                        Predicate<Element> iqResponses) {
        this.iqs = iqs;
        this.replies = replies;
        this.presences = presences;
        this.messages = messages;
        this.iqResponses = iqResponses;
    }

    @Override
    public void onStanza(Element stanza) {
        if (claimsTheOperator(stanza.attributeValue("from"))) {
            // the operator acts in the process only (ServicePolicy.OPERATOR): no XMPP server routes from its domain
            LOG.warn("Dropping a <{}/> that claims to be from the operator's reserved address: {}", stanza.getName(),
                    stanza.attributeValue("from"));
            return;
        }
        if ("presence".equals(stanza.getName())) {
            presences.accept(stanza);
            return;
        }
        if ("message".equals(stanza.getName()) && messages.test(stanza)) {
            return;
        }
        String type = stanza.attributeValue("type");
        if ("iq".equals(stanza.getName()) && ("result".equals(type) || "error".equals(type))
                && iqResponses.test(stanza)) {
            return;
        }
        if (!"iq".equals(stanza.getName())) {
            LOG.debug("Ignoring <{}/> from {}", stanza.getName(), stanza.attributeValue("from"));
            return;
        }
        JID from;
        JID to;
        try {
            from = new JID(stanza.attributeValue("from"));
            to = new JID(stanza.attributeValue("to"));
        } catch (IllegalArgumentException | NullPointerException e) {
            LOG.warn("Dropping an IQ without valid from and to addresses: {}", stanza.asXML());
            return;
        }
        IQ iq = new IQ(stanza);
        try {
            iq.getType();
        } catch (IllegalArgumentException e) {
            replies.accept(StanzaErrors.badType(stanza, from, to));
            return;
        }
        iqs.dispatch(iq);
    }

    /**
     * Whether {@code from} (a JID as written) is at the operator's domain, as the JID's own preparation reads it:
     * fullwidth letters or an ideographic full stop prepare to the same domain (RFC 3491), so a written form that is
     * not plain ASCII is prepared before it is compared. One that cannot be prepared is no JID, and not the operator.
     */
    static boolean claimsTheOperator(String from) {
        if (from == null) {
            return false;
        }
        // every stanza passes here: the plain ASCII case is compared in place, without parsing or copying
        int slash = from.indexOf('/');
        int end = slash < 0 ? from.length() : slash;
        for (int i = 0; i < end; i++) {
            if (from.charAt(i) >= 0x80) {
                try {
                    return OPERATOR_DOMAIN.equals(new JID(from).getDomain());
                } catch (IllegalArgumentException notAJid) {
                    return false;
                }
            }
        }
        int start = from.lastIndexOf('@', end - 1) + 1;
        return end - start == OPERATOR_DOMAIN.length()
                && from.regionMatches(true, start, OPERATOR_DOMAIN, 0, OPERATOR_DOMAIN.length());
    }
}
