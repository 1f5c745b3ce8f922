package org.pubsubserver.core.testing;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.pubsubserver.core.access.Roster;
import org.pubsubserver.core.access.RosterSource;
import org.xmpp.packet.JID;

/**
 * Rosters set by the test, standing in for the XMPP server's (a unit-test double). Like the real source it
 * has nothing cached until a fetch, so checks go through the engine's fetch-and-run-again path.
 */
public final class FixedRosters implements RosterSource {
    private final Map<String, Map<String, Roster.Contact>> rosters = new ConcurrentHashMap<>();
    private final Map<String, Roster> cache = new ConcurrentHashMap<>();
    private final AtomicInteger fetches = new AtomicInteger();

    /** Puts {@code contact} into {@code owner}'s roster with this subscription state and groups. */
    public FixedRosters with(JID owner, JID contact, String subscription, String... groups) {
        rosters.computeIfAbsent(owner.toBareJID(), o -> new ConcurrentHashMap<>())
                .put(contact.toBareJID(), new Roster.Contact(subscription, Set.of(groups)));
        cache.remove(owner.toBareJID());
        return this;
    }

    /**
     * Puts {@code contact} into {@code owner}'s roster as the XMPP server would without telling us (no roster
     * push): the cached copy stays as it was.
     */
    public FixedRosters withoutPush(JID owner, JID contact, String subscription, String... groups) {
        rosters.computeIfAbsent(owner.toBareJID(), o -> new ConcurrentHashMap<>())
                .put(contact.toBareJID(), new Roster.Contact(subscription, Set.of(groups)));
        return this;
    }

    /** How many times rosters were fetched. */
    public int fetches() {
        return fetches.get();
    }

    @Override
    public boolean available() {
        return true;
    }

    @Override
    public Optional<Roster> cached(JID owner) {
        return Optional.ofNullable(cache.get(owner.toBareJID()));
    }

    @Override
    public boolean canRead(JID owner) {
        return true;
    }

    @Override
    public CompletableFuture<Void> fetch(Collection<JID> owners) {
        fetches.incrementAndGet();
        // answered from another thread, as the XMPP server's answer arrives on the link's event loop
        return CompletableFuture.runAsync(() -> owners.forEach(owner -> cache.put(owner.toBareJID(),
                new Roster(Map.copyOf(rosters.getOrDefault(owner.toBareJID(), Map.of()))))));
    }
}
