package org.pubsubserver.core.testing;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.pubsubserver.core.access.Roster;
import org.pubsubserver.core.access.RosterSource;
import org.xmpp.packet.JID;

/** Rosters set by the test, standing in for the XMPP server's (a unit-test double). */
public final class FixedRosters implements RosterSource {
    private final Map<String, Map<String, Roster.Contact>> rosters = new ConcurrentHashMap<>();

    /** Puts {@code contact} into {@code owner}'s roster with this subscription state and groups. */
    public FixedRosters with(JID owner, JID contact, String subscription, String... groups) {
        rosters.computeIfAbsent(owner.toBareJID(), o -> new ConcurrentHashMap<>())
                .put(contact.toBareJID(), new Roster.Contact(subscription, Set.of(groups)));
        return this;
    }

    @Override
    public boolean available() {
        return true;
    }

    @Override
    public Optional<Roster> rosterOf(JID owner) {
        return Optional.of(new Roster(rosters.getOrDefault(owner.toBareJID(), Map.of())));
    }
}
