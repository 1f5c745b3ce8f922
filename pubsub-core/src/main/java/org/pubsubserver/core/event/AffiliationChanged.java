package org.pubsubserver.core.event;

import org.pubsubserver.core.model.Affiliation;
import org.pubsubserver.core.model.Node;
import org.xmpp.packet.JID;

/** An owner changed an entity's affiliation with the node (XEP-0060 §8.9.2); the entity is told (§8.9.4). */
public record AffiliationChanged(Node node, JID jid, Affiliation affiliation) implements PubSubEvent {
    @Override
    public <R> R accept(EventVisitor<R> visitor) {
        return visitor.affiliationChanged(this);
    }
}
