package org.pubsubserver.core.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.pubsubserver.core.testing.SettableClock;
import org.xmpp.packet.JID;

/** Signed, short-lived tokens for reading streams as a JID. */
class StreamTokensTest {
    private final SettableClock clock = new SettableClock(Instant.parse("2026-11-24T00:00:00Z"));
    private final StreamTokens tokens = new StreamTokens(new byte[32], clock, Duration.ofMinutes(10));

    @Test
    void aTokenStandsForTheBareJidUntilItExpires() {
        StreamTokens.Token token = tokens.issue(new JID("bob@example.org/phone"));
        assertThat(tokens.verify(token.value())).contains(new JID("bob@example.org"));
        clock.advance(Duration.ofMinutes(11));
        assertThat(tokens.verify(token.value())).isEmpty();
    }

    @Test
    void aChangedOrForeignTokenIsRefused() {
        String value = tokens.issue(new JID("bob@example.org")).value();
        String otherBody = tokens.issue(new JID("eve@example.org")).value().split("\\.")[0];
        assertThat(tokens.verify(otherBody + "." + value.split("\\.")[1])).isEmpty();
        byte[] otherKey = new byte[32];
        otherKey[0] = 1;
        assertThat(new StreamTokens(otherKey, clock, Duration.ofMinutes(10)).verify(value)).isEmpty();
        assertThat(tokens.verify("garbage")).isEmpty();
        assertThat(tokens.verify(null)).isEmpty();
    }
}
