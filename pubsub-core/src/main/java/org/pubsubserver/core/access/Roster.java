package org.pubsubserver.core.access;

import java.util.Map;
import java.util.Set;
import org.xmpp.packet.JID;

/** An owner's roster as the XMPP server gave it (RFC 6121 §2): contacts by bare JID. */
public record Roster(Map<String, Contact> contacts) {
    /** One roster item: its presence subscription state (none, to, from, both) and its groups. */
    public record Contact(String subscription, Set<String> groups) {
        public Contact {
            groups = Set.copyOf(groups);
        }

        /** The owner shares presence with this contact: "from" or "both" (XEP-0060 §4.5, "presence"). */
        public boolean seesOwnersPresence() {
            return "from".equals(subscription) || "both".equals(subscription);
        }
    }

    public Roster {
        contacts = Map.copyOf(contacts);
    }

    /** The contact with the entity's bare JID, or null. */
    public Contact contact(JID entity) {
        return contacts.get(entity.toBareJID());
    }
}
