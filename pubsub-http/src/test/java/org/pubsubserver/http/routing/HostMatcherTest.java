package org.pubsubserver.http.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class HostMatcherTest {
    private final HostMatcher matcher = new HostMatcher(Set.of("pubsub.example.org", "[::1]"));

    @Test
    void matchesOurHostWithOrWithoutPortAnyCase() {
        assertThat(matcher.matches("pubsub.example.org")).isTrue();
        assertThat(matcher.matches("PubSub.Example.org:5280")).isTrue();
        assertThat(matcher.matches("pubsub.example.org.:5280")).isTrue();
        assertThat(matcher.matches("[::1]:5280")).isTrue();
    }

    @Test
    void refusesOtherHostsAndMissingHost() {
        assertThat(matcher.matches("example.org")).isFalse();
        assertThat(matcher.matches("evil.pubsub.example.org")).isFalse();
        assertThat(matcher.matches("")).isFalse();
        assertThat(matcher.matches(null)).isFalse();
    }
}
