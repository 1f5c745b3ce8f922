package org.pubsubserver.server.e2e;

import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The end-to-end scenario through a real Prosody 0.12. */
class ProsodyEndToEndIT extends EndToEndScenario {
    ProsodyEndToEndIT() {
        super(TestServers.Kind.PROSODY);
    }

    @BeforeAll
    static void startProsody() throws Exception {
        TestServers.start(TestServers.Kind.PROSODY);
    }

    @AfterAll
    static void stopProsody() {
        stopQuietly(TestServers.Kind.PROSODY);
    }

    /** Prosody 0.12 grants no XEP-0356 roster access to components. */
    @Test
    void presenceAndRosterAccessModelsAreNotOffered_8_1_2() throws Exception {
        AccessAndApprovalFlows.presenceAndRosterNotOffered(alice(), "e2e-presence-" + UUID.randomUUID());
    }
}
