package org.pubsubserver.xmpp.stanza;

/** Where outbound stanzas go (the component link). Thread-safe; returns false when it could not take the stanza. */
@FunctionalInterface
public interface StanzaOutput {
    boolean send(String stanzaXml);
}
