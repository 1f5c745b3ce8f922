package org.pubsubserver.xmpp.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ComponentLinkSettingsTest {

    @Test
    void defaultsAreOneMebibyteAMinuteOfKeepaliveOneToSixtySecondsOfBackoffAndTwoSecondsOfStandby() {
        ComponentLinkSettings settings = ComponentLinkSettings.defaults("pubsub.localhost", "::1", 5347, "s3cr3t");

        assertThat(settings.maxStanzaBytes()).isEqualTo(1024 * 1024);
        assertThat(settings.keepaliveInterval()).isEqualTo(Duration.ofSeconds(60));
        assertThat(settings.initialBackoff()).isEqualTo(Duration.ofSeconds(1));
        assertThat(settings.maxBackoff()).isEqualTo(Duration.ofSeconds(60));
        assertThat(settings.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(settings.standbyRetry()).isEqualTo(Duration.ofSeconds(2));
        assertThat(settings.address()).isEqualTo("[::1]:5347");
        assertThat(settings.toString()).doesNotContain("s3cr3t");
    }

    @Test
    void nonsenseIsRefusedAtConstruction() {
        ComponentLinkSettings ok = ComponentLinkSettings.defaults("pubsub.localhost", "localhost", 5347, "s");

        assertThatThrownBy(() -> ComponentLinkSettings.defaults("", "localhost", 5347, "s"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ComponentLinkSettings.defaults("pubsub.localhost", "localhost", 0, "s"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ComponentLinkSettings(ok.domain(), ok.host(), ok.port(), ok.secret(), 100,
                ok.keepaliveInterval(), ok.initialBackoff(), ok.maxBackoff(), ok.connectTimeout(), ok.standbyRetry()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ComponentLinkSettings(ok.domain(), ok.host(), ok.port(), ok.secret(),
                ok.maxStanzaBytes(), ok.keepaliveInterval(), Duration.ofSeconds(10), Duration.ofSeconds(1),
                ok.connectTimeout(), ok.standbyRetry())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ComponentLinkSettings(ok.domain(), ok.host(), ok.port(), ok.secret(),
                ok.maxStanzaBytes(), ok.keepaliveInterval(), ok.initialBackoff(), ok.maxBackoff(),
                ok.connectTimeout(), Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }
}
