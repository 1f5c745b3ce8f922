package org.pubsubserver.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pubsubserver.core.config.InvalidConfigException;

/** Checking of pubsub#subscribe_options values (XEP-0060 §6.3, §17.4.2; XEP-0004 booleans, XEP-0082 dates). */
class SubscriptionOptionsTest {
    @Test
    void booleansDatesAndListsAreNormalized() throws Exception {
        SubscriptionOptions options = SubscriptionOptions.defaults().with(Map.of(
                "pubsub#deliver", "0", "pubsub#include_body", "1",
                "pubsub#expire", "2006-12-19T17:58:35+01:00", "pubsub#show-values", "chat\nonline\nchat"));
        assertThat(options.deliver()).isFalse();
        assertThat(options.includeBody()).isTrue();
        assertThat(options.expire()).contains(Instant.parse("2006-12-19T16:58:35Z"));
        assertThat(options.showValues()).containsExactly("chat", "online");
        assertThat(SubscriptionOptions.fromStored(options.toFields())).isEqualTo(options);
    }

    @Test
    void defaultsDeliverWithoutLeaseOrPresenceFilter() {
        SubscriptionOptions defaults = SubscriptionOptions.defaults();
        assertThat(defaults.deliver()).isTrue();
        assertThat(defaults.expire()).isEmpty();
        assertThat(defaults.showValues()).isEmpty();
    }

    @Test
    void unknownFieldsAndUnacceptableValuesAreRefused() {
        assertThatThrownBy(() -> SubscriptionOptions.defaults().with(Map.of("pubsub#no_such_option", "1")))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.unknownField()).isTrue());
        assertThatThrownBy(() -> SubscriptionOptions.defaults().with(Map.of("pubsub#show-values", "sleeping")))
                .isInstanceOf(InvalidConfigException.class);
        assertThatThrownBy(() -> SubscriptionOptions.defaults().with(Map.of("pubsub#expire", "soon")))
                .isInstanceOf(InvalidConfigException.class);
    }

    @Test
    void aLeaseHasEndedAtItsExpire() throws Exception {
        SubscriptionOptions leased = SubscriptionOptions.defaults().with(Map.of("pubsub#expire", "2030-01-01T00:00:00Z"));
        assertThat(leased.expiredAt(Instant.parse("2029-12-31T23:59:59Z"))).isFalse();
        assertThat(leased.expiredAt(Instant.parse("2030-01-01T00:00:00Z"))).isTrue();
    }
}
