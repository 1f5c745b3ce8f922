package org.pubsubserver.core.engine;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * Tells BlockHound (used in the tests of the modules that run Netty event loops) about the one wait
 * {@link Lanes#submit} may do on an event loop: taking the lane queue's lock for the instant of an
 * offer. It never waits for room (a full lane refuses at once). A lock-free lane queue would remove even
 * that; until then this is the only allowance, and any other blocking on an event loop still fails.
 */
public final class LanesBlockHoundIntegration implements BlockHoundIntegration {
    @Override
    public void applyTo(BlockHound.Builder builder) {
        builder.allowBlockingCallsInside(Lanes.class.getName(), "submit");
    }
}
