package org.pubsubserver.core.access;

import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.xmpp.packet.JID;

/**
 * The service administrator's rules: the admins (bare JIDs with owner rights on every node), who may
 * create nodes, and the per-user limits (0 is no limit).
 */
public record ServicePolicy(Set<JID> admins, NodeCreationPolicy nodeCreation, int maxNodesPerUser,
                            int maxSubscriptionsPerUser) {
    public ServicePolicy {
        admins = admins.stream().map(JID::asBareJID).collect(Collectors.toUnmodifiableSet());
        Objects.requireNonNull(nodeCreation, "nodeCreation");
        if (maxNodesPerUser < 0 || maxSubscriptionsPerUser < 0) {
            throw new IllegalArgumentException("limits must be 0 (none) or more");
        }
    }

    /** No admins, anyone may create nodes, no limits. */
    public static ServicePolicy open() {
        return new ServicePolicy(Set.of(), NodeCreationPolicy.anyone(), 0, 0);
    }

    /**
     * The service's operator: who acts through the admin listener or {@code bin/pubsub-admin}, in the process, never
     * over XMPP. An admin of every node. Its domain is reserved (RFC 2606 {@code .invalid}): no XMPP server can
     * route a stanza from it, and the XMPP surface refuses one that claims it.
     */
    public static final JID OPERATOR = new JID("operator.invalid");

    /** Whether {@code jid} (any resource of it) is an admin, or the operator itself (no other JID at its domain). */
    public boolean isAdmin(JID jid) {
        return jid != null && (admins.contains(jid.asBareJID()) || OPERATOR.equals(jid.asBareJID()));
    }
}
