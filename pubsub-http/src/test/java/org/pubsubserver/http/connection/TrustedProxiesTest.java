package org.pubsubserver.http.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code http.trusted-proxies}: addresses and CIDR ranges (RFC 4632 for IPv4, RFC 4291 §2.3 for IPv6). */
class TrustedProxiesTest {
    private static InetAddress ip(String literal) throws Exception {
        return InetAddress.getByName(literal); // a literal: no lookup
    }

    @Test
    void singleAddressesAndRangesOfBothFamilies_rfc4632_rfc4291_2_3() throws Exception {
        TrustedProxies proxies = TrustedProxies.parse(List.of("127.0.0.1", "10.0.0.0/8", "192.168.1.128/25",
                "fd00::/8", "2001:db8::1"));
        assertThat(proxies.contains(ip("127.0.0.1"))).isTrue();
        assertThat(proxies.contains(ip("127.0.0.2"))).isFalse();
        assertThat(proxies.contains(ip("10.255.1.2"))).isTrue();
        assertThat(proxies.contains(ip("11.0.0.1"))).isFalse();
        assertThat(proxies.contains(ip("192.168.1.200"))).isTrue();
        assertThat(proxies.contains(ip("192.168.1.127"))).isFalse();
        assertThat(proxies.contains(ip("fdab:1::5"))).isTrue();
        assertThat(proxies.contains(ip("fe80::1"))).isFalse();
        assertThat(proxies.contains(ip("2001:db8::1"))).isTrue();
        assertThat(proxies.contains(ip("2001:db8::2"))).isFalse();
        assertThat(proxies.contains(null)).isFalse();
    }

    @Test
    void anIpv4MappedEntryMatchesTheIpv4AddressJavaReports_rfc4291_2_5_5_2() throws Exception {
        TrustedProxies proxies = TrustedProxies.parse(List.of("::ffff:10.0.0.0/104"));
        assertThat(proxies.contains(ip("10.3.2.1"))).isTrue();
        assertThat(proxies.contains(ip("11.0.0.1"))).isFalse();
    }

    @Test
    void hostBitsBeyondThePrefixAreIgnoredAndZeroMatchesAll() throws Exception {
        assertThat(TrustedProxies.parse(List.of("10.1.2.3/8")).contains(ip("10.9.9.9"))).isTrue();
        assertThat(TrustedProxies.parse(List.of("0.0.0.0/0")).contains(ip("203.0.113.7"))).isTrue();
        assertThat(TrustedProxies.parse(List.of("0.0.0.0/0")).contains(ip("2001:db8::7"))).as("not IPv6").isFalse();
    }

    @Test
    void namesAndBadRangesAreRefusedNamingTheEntry() {
        for (String bad : List.of("proxy.example.org", "localhost", "10.0.0.0/33", "fd00::/129", "10.0.0.0/x",
                "10.0.0", "", "fe80::1%eth0")) {
            assertThatThrownBy(() -> TrustedProxies.parse(List.of(bad))).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'" + bad + "'");
        }
    }
}
