package org.pubsubserver.xmpp.link;

import org.dom4j.Element;

/**
 * Receives every stanza the XMPP server routes to the component, once the link is authenticated: the handler a
 * {@link ComponentLink} is started with. Called on the link's event loop: must not block (hand work off to another
 * executor) and should not throw (a stanza it throws on is dropped, and the link goes on).
 */
@FunctionalInterface
public interface InboundStanzaHandler {

    /** A detached stanza in {@code jabber:component:accept}; the handler may keep it. */
    void onStanza(Element stanza);
}
