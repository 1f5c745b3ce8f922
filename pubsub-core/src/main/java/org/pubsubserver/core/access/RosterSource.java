package org.pubsubserver.core.access;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.xmpp.packet.JID;

/**
 * Where the presence and roster access models (XEP-0060 §4.5) get an owner's roster. A component reads
 * rosters only where the XMPP server grants it (XEP-0356); {@link #available()} says whether it does.
 * Checks on an engine lane use {@link #cached} only and never wait: when a roster is missing they ask for
 * it ({@link RosterNeeded}), and the engine runs the request again once {@link #fetch} has completed. A
 * cached roster may admit; a refusal reads the rosters again first (see {@link AccessControl}), so that a
 * contact added since (where the XMPP server sends no roster push) is not turned away on an old copy.
 */
public interface RosterSource {
    /** No rosters: the presence and roster access models are not offered. */
    RosterSource NONE = new RosterSource() {
        @Override
        public boolean available() {
            return false;
        }

        @Override
        public Optional<Roster> cached(JID owner) {
            return Optional.of(new Roster(Map.of()));
        }

        @Override
        public boolean canRead(JID owner) {
            return false;
        }

        @Override
        public CompletableFuture<Void> fetch(Collection<JID> owners) {
            return CompletableFuture.completedFuture(null);
        }
    };

    boolean available();

    /**
     * The owner's roster as last read, if it is fresh; an empty roster where it could not be read (an
     * owner of another server, a refusal: nobody is admitted); empty when it has to be fetched.
     */
    Optional<Roster> cached(JID owner);

    /** Whether the owner's roster can be read (the owner is a user of the XMPP server that grants it). */
    boolean canRead(JID owner);

    /** Reads the owners' rosters into the cache; completes (never exceptionally) when each is cached. */
    CompletableFuture<Void> fetch(Collection<JID> owners);
}
