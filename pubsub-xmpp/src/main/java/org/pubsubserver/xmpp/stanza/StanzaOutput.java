package org.pubsubserver.xmpp.stanza;

import java.util.List;

/** Where outbound stanzas go (the component link). Thread-safe; returns false when it could not take the stanza. */
@FunctionalInterface
public interface StanzaOutput {
    boolean send(String stanzaXml);

    /**
     * Sends the stanzas in order (the notifications of one event, say); an output may write them in a few large
     * writes. Returns false when it could not take them all.
     */
    default boolean sendAll(List<String> stanzas) {
        boolean all = true;
        for (String stanza : stanzas) {
            all &= send(stanza);
        }
        return all;
    }
}
