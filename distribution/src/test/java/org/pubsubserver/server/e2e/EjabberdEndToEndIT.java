package org.pubsubserver.server.e2e;

import java.util.UUID;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The end-to-end scenario through a real ejabberd 23.01. */
class EjabberdEndToEndIT extends EndToEndScenario {
    EjabberdEndToEndIT() {
        super(TestServers.Kind.EJABBERD);
    }

    @BeforeAll
    static void startEjabberd() throws Exception {
        TestServers.start(TestServers.Kind.EJABBERD);
    }

    @AfterAll
    static void stopEjabberd() {
        stopQuietly(TestServers.Kind.EJABBERD);
    }

    /** ejabberd grants the component roster access (mod_privilege, in the project's test config). */
    @Test
    void presenceAndRosterAccessModelsReadTheOwnersRoster_4_5() throws Exception {
        XMPPTCPConnection carol = XmppClients.login(TestServers.Kind.EJABBERD, "carol", "carolpass");
        try {
            AccessAndApprovalFlows.presenceAndRosterAccessModels(alice(), bob(), carol, "e2e-presence-" + UUID.randomUUID());
        } finally {
            carol.disconnect();
        }
    }

    /** Issue 12: a contact added a moment ago is not refused on a roster read before (ejabberd sends no push). */
    @Test
    void aContactAddedAMomentAgoIsLetInAtOnce_6_1_3_2() throws Exception {
        XMPPTCPConnection carol = XmppClients.login(TestServers.Kind.EJABBERD, "carol", "carolpass");
        try {
            AccessAndApprovalFlows.aNewContactIsLetInAtOnce(alice(), carol, "e2e-new-contact-" + UUID.randomUUID());
        } finally {
            carol.disconnect();
        }
    }
}
