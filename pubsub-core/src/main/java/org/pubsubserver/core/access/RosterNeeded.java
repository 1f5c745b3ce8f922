package org.pubsubserver.core.access;

import java.util.List;
import org.xmpp.packet.JID;

/**
 * Thrown on an engine lane by an access check that needs rosters not yet read; the engine fetches them
 * away from the lane and runs the request again. Thrown before a use case's first write that it would
 * not repeat the same way.
 */
public final class RosterNeeded extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient List<JID> owners;

    public RosterNeeded(List<JID> owners) {
        super("rosters needed: " + owners, null, false, false);
        this.owners = List.copyOf(owners);
    }

    public List<JID> owners() {
        return owners;
    }
}
