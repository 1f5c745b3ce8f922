package org.pubsubserver.core.access;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.xmpp.packet.JID;

/** The operator (the admin listener and bin/pubsub-admin) is an admin of every node; no other JID at its domain is. */
class OperatorIdentityTest {
    private final ServicePolicy policy = ServicePolicy.open();

    @Test
    void theOperatorIsAnAdminAndNothingElseAtItsDomainIs() {
        assertThat(policy.isAdmin(ServicePolicy.OPERATOR)).isTrue();
        assertThat(policy.isAdmin(new JID("operator.invalid/cli"))).isTrue();
        assertThat(policy.isAdmin(new JID("someone@operator.invalid"))).isFalse();
        assertThat(policy.isAdmin(new JID("alice@localhost"))).isFalse();
    }
}
