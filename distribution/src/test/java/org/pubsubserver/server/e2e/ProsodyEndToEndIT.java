package org.pubsubserver.server.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

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
}
