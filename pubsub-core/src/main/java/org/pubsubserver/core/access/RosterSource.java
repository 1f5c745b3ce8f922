package org.pubsubserver.core.access;

import java.util.Optional;
import org.xmpp.packet.JID;

/**
 * Where the presence and roster access models (XEP-0060 §4.5) get an owner's roster. A component reads
 * rosters only where the XMPP server grants it (XEP-0356); {@link #available()} says whether it does.
 * {@link #rosterOf} may block briefly (it is called on an engine lane) and is empty when the roster cannot
 * be read.
 */
public interface RosterSource {
    /** No rosters: the presence and roster access models are not offered. */
    RosterSource NONE = new RosterSource() {
        @Override
        public boolean available() {
            return false;
        }

        @Override
        public Optional<Roster> rosterOf(JID owner) {
            return Optional.empty();
        }
    };

    boolean available();

    Optional<Roster> rosterOf(JID owner);
}
