package org.pubsubserver.xmpp.link;

import org.dom4j.Element;

/**
 * Receives every stanza the XMPP server routes to the component, once the link is authenticated. Called on the
 * link's event loop: must not block (hand work off to another executor) and should not throw.
 */
@FunctionalInterface
public interface InboundStanzaHandler {

    /** A detached stanza in {@code jabber:component:accept}; the handler may keep it. */
    void onStanza(Element stanza);
}
