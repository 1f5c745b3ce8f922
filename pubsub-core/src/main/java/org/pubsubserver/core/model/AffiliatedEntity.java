package org.pubsubserver.core.model;

import java.util.Objects;
import org.xmpp.packet.JID;

/** A bare JID's affiliation with a node, as a node's owner lists them (XEP-0060 §8.9). */
public record AffiliatedEntity(JID jid, Affiliation affiliation) {
    public AffiliatedEntity {
        Objects.requireNonNull(jid, "jid");
        Objects.requireNonNull(affiliation, "affiliation");
    }
}
