package org.pubsubserver.core.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.pubsubserver.core.testing.SettableClock;
import org.xmpp.packet.JID;

/** Signed, short-lived tokens for reading streams (and, with the publish scope, publishing) as a JID. */
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

    @Test
    void aTokenSaysItsScope_andAReadTokenNeverReadsAsAPublishToken() {
        StreamTokens.Token reader = tokens.issue(new JID("bob@example.org"));
        StreamTokens.Token publisher = tokens.issue(new JID("bob@example.org"), StreamTokens.Scope.PUBLISH);
        assertThat(tokens.read(reader.value())).get().extracting(StreamTokens.Token::scope)
                .isEqualTo(StreamTokens.Scope.READ);
        assertThat(tokens.read(publisher.value())).get().satisfies(token -> {
            assertThat(token.scope()).isEqualTo(StreamTokens.Scope.PUBLISH);
            assertThat(token.jid()).isEqualTo(new JID("bob@example.org"));
        });
        // a local part may hold '|': the scope is read from the end, after the expiry's digits
        StreamTokens.Token odd = tokens.issue(new JID("a|publish@example.org"));
        assertThat(tokens.read(odd.value())).get().satisfies(token -> {
            assertThat(token.scope()).isEqualTo(StreamTokens.Scope.READ);
            assertThat(token.jid()).isEqualTo(new JID("a|publish@example.org"));
        });
        assertThat(StreamTokens.Scope.PUBLISH.covers(StreamTokens.Scope.READ)).isTrue();
        assertThat(StreamTokens.Scope.READ.covers(StreamTokens.Scope.PUBLISH)).isFalse();
    }
}
