package org.pubsubserver.core.cluster;

import java.util.Map;

/**
 * Presence that instances share: the XMPP server hands a presence stanza to one instance (the link it picked), while
 * notifications for presence-based delivery may leave from any. Each instance tells what it saw; every instance keeps
 * the whole picture, as the store has it.
 */
public interface SharedPresence {
    /** One instance alone: nothing to share. */
    SharedPresence ALONE = new SharedPresence() {
        @Override
        public void changed(String bareJid, String resource, String show) {
        }

        @Override
        public void start(Receiver receiver) {
        }
    };

    /**
     * This instance saw a resource of {@code bareJid} become available with {@code show}, or leave ({@code show}
     * null). Does not block (called from an I/O thread): the change is stored and told to the others in the
     * background.
     */
    void changed(String bareJid, String resource, String show);

    /** Starts telling {@code receiver} of every instance's changes; returns once it listens. */
    void start(Receiver receiver);

    /** Where shared presence goes. Called from the sharing's own thread. */
    interface Receiver {
        /** {@code bareJid}'s available resources and their show values, as they are now (empty: none). */
        void presenceOf(String bareJid, Map<String, String> resources);

        /** Everyone's presence as it is now: what was known before is replaced. */
        void allPresence(Map<String, Map<String, String>> resourcesByBareJid);
    }
}
