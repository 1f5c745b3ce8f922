package org.pubsubserver.core.cluster;

import java.util.function.Consumer;

/**
 * Stanzas that reached this instance but concern the others too. An XMPP server that spreads a component domain's
 * stanzas over several links (ejabberd picks a link per stanza) may hand the answer to a request one instance sent
 * to another instance, and tells only one instance what the XMPP server grants the component; the instance that
 * got such a stanza relays it, and every other instance is handed it once. A relayed stanza is soft: one that
 * cannot be relayed (the store is unreachable, too many waiting) is dropped with a warning, as a lost answer would
 * be.
 */
public interface StanzaRelay {
    /** One instance alone: every stanza for it reaches it. */
    StanzaRelay ALONE = new StanzaRelay() {
        @Override
        public void relay(String stanza) {
        }

        @Override
        public void start(Consumer<String> receiver) {
        }
    };

    /** Hands {@code stanza} (its XML) to every other instance; does not block (called from an I/O thread). */
    void relay(String stanza);

    /** Starts handing {@code receiver} what the other instances relay, on a thread of the relay's; returns once it listens. */
    void start(Consumer<String> receiver);
}
