package org.pubsubserver.server.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

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
}
