package org.pubsubserver.xmpp.dispatch;

import org.dom4j.Element;
import org.pubsubserver.xmpp.link.InboundStanzaHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xmpp.packet.IQ;

/**
 * Takes every stanza the XMPP server routes to the component. IQ get/set go to the {@link IqDispatcher};
 * IQ results and errors, messages and presences are not used yet and are dropped with a debug line.
 */
public final class StanzaRouter implements InboundStanzaHandler {
    private static final Logger LOG = LoggerFactory.getLogger(StanzaRouter.class);

    private final IqDispatcher iqs;

    public StanzaRouter(IqDispatcher iqs) {
        this.iqs = iqs;
    }

    @Override
    public void onStanza(Element stanza) {
        if (!"iq".equals(stanza.getName())) {
            LOG.debug("Ignoring <{}/> from {}", stanza.getName(), stanza.attributeValue("from"));
            return;
        }
        IQ iq;
        try {
            iq = new IQ(stanza);
            iq.getFrom();
            iq.getTo();
        } catch (IllegalArgumentException e) {
            LOG.warn("Dropping an IQ with an invalid address: {} ({})", stanza.asXML(), e.getMessage());
            return;
        }
        iqs.dispatch(iq);
    }
}
