package org.pubsubserver.xmpp.presence;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.dom4j.Element;
import org.xmpp.packet.JID;

/**
 * The presence the component has been sent (directed presence to its domain): which resources of a bare
 * JID are available and with which show value ("online" when there is none). Presence the component is
 * not sent stays unknown.
 */
public final class PresenceTracker {
    /** bare JID -> resource -> show ("online", "chat", "away", "xa", "dnd"). */
    private final Map<String, Map<String, String>> available = new ConcurrentHashMap<>();

    /**
     * Records a {@code <presence/>} stanza; returns true when it made a resource available that was not.
     * Subscription management and error presences are ignored.
     */
    public boolean update(Element presence) {
        JID from;
        try {
            from = new JID(presence.attributeValue("from"));
        } catch (IllegalArgumentException | NullPointerException e) {
            return false;
        }
        String type = presence.attributeValue("type");
        String resource = from.getResource() == null ? "" : from.getResource();
        if ("unavailable".equals(type)) {
            available.computeIfPresent(from.toBareJID(), (bare, resources) -> {
                resources.remove(resource);
                return resources.isEmpty() ? null : resources;
            });
            return false;
        }
        if (type != null) {
            return false;
        }
        String show = presence.elementTextTrim("show");
        String state = show == null || show.isEmpty() ? "online" : show;
        return available.computeIfAbsent(from.toBareJID(), bare -> new ConcurrentHashMap<>())
                .put(resource, state) == null;
    }

    /** Whether the stanza's 'from' is a valid JID (a malformed one is ignored everywhere). */
    public boolean hasValidSender(Element stanza) {
        try {
            new JID(stanza.attributeValue("from"));
            return true;
        } catch (IllegalArgumentException | NullPointerException e) {
            return false;
        }
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
