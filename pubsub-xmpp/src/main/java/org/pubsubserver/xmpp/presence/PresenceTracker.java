package org.pubsubserver.xmpp.presence;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.dom4j.Element;
import org.pubsubserver.core.cluster.SharedPresence;
import org.xmpp.packet.JID;

/**
 * The presence the component has been sent (directed presence to its domain): which resources of a bare
 * JID are available and with which show value ("online" when there is none). Presence the component is
 * not sent stays unknown. Where several instances serve the domain, the XMPP server hands each presence to one
 * of them: each tells the others what it saw ({@link SharedPresence}), and takes in what they saw.
 */
public final class PresenceTracker implements SharedPresence.Receiver {
    /** bare JID -> resource -> show ("online", "chat", "away", "xa", "dnd"). */
    private final Map<String, Map<String, String>> available = new ConcurrentHashMap<>();
    private final SharedPresence shared;

    /** The presence of one instance alone. */
    public PresenceTracker() {
        this(SharedPresence.ALONE);
    }

    /** {@code shared}: where what this instance sees goes to the other instances; start it with this as receiver. */
    public PresenceTracker(SharedPresence shared) {
        this.shared = shared;
    }

    /** What a presence stanza changed. */
    public enum Change { CAME_ONLINE, WENT_OFFLINE, NOTHING }

    /**
     * Records a {@code <presence/>} stanza: {@code CAME_ONLINE} when it made a resource available that was
     * not, {@code WENT_OFFLINE} when a resource known as available left. Subscription management, error
     * presences and unparseable addresses change nothing.
     */
    public Change apply(Element presence) {
        JID from;
        try {
            from = new JID(presence.attributeValue("from"));
        } catch (IllegalArgumentException | NullPointerException e) {
            return Change.NOTHING;
        }
        String type = presence.attributeValue("type");
        String resource = from.getResource() == null ? "" : from.getResource();
        if ("unavailable".equals(type)) {
            boolean[] left = {false};
            available.computeIfPresent(from.toBareJID(), (bare, resources) -> {
                left[0] = resources.remove(resource) != null;
                return resources.isEmpty() ? null : resources;
            });
            if (left[0]) {
                shared.changed(from.toBareJID(), resource, null);
            }
            return left[0] ? Change.WENT_OFFLINE : Change.NOTHING;
        }
        if (type != null) {
            return Change.NOTHING;
        }
        String show = presence.elementTextTrim("show");
        String state = show == null || show.isEmpty() ? "online" : show;
        String before = available.computeIfAbsent(from.toBareJID(), bare -> new ConcurrentHashMap<>())
                .put(resource, state);
        if (!state.equals(before)) {
            shared.changed(from.toBareJID(), resource, state);
        }
        return before == null ? Change.CAME_ONLINE : Change.NOTHING;
    }

    /** What another instance saw (or the store has): the bare JID's available resources now. */
    @Override
    public void presenceOf(String bareJid, Map<String, String> resources) {
        if (resources.isEmpty()) {
            available.remove(bareJid);
        } else {
            available.put(bareJid, new ConcurrentHashMap<>(resources));
        }
    }

    /** Everyone's presence, as the store has it: replaces what was known. */
    @Override
    public void allPresence(Map<String, Map<String, String>> resourcesByBareJid) {
        available.keySet().retainAll(resourcesByBareJid.keySet());
        resourcesByBareJid.forEach(this::presenceOf);
    }

    /** Records a {@code <presence/>} stanza; returns true when it made a resource available that was not. */
    public boolean update(Element presence) {
        return apply(presence) == Change.CAME_ONLINE;
    }

    /** Whether the component has seen presence of this JID's bare JID at all. */
    public boolean isKnown(JID jid) {
        return available.containsKey(jid.toBareJID());
    }

    /** The show values of the JID: of that resource for a full JID, of all its resources for a bare JID. */
    public Set<String> shows(JID jid) {
        Map<String, String> resources = available.get(jid.toBareJID());
        if (resources == null) {
            return Set.of();
        }
        if (jid.getResource() != null) {
            String show = resources.get(jid.getResource());
            return show == null ? Set.of() : Set.of(show);
        }
        return resources.values().stream().collect(Collectors.toUnmodifiableSet());
    }

    /** Whether the JID (that resource, or any resource of a bare JID) is available. */
    public boolean isAvailable(JID jid) {
        return !shows(jid).isEmpty();
    }
}
