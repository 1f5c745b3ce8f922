package org.pubsubserver.http.connection;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The client of a request behind trusted proxies: the right-most forwarded address that is not a trusted proxy,
 * from {@code X-Forwarded-For} or {@code Forwarded} (RFC 7239), so a client cannot pass for another address by
 * writing the headers itself.
 */
class ClientAddressTest {
    private static final TrustedProxies PROXIES = TrustedProxies.parse(List.of("10.0.0.0/8", "fd00::/8"));
    private static final InetAddress PROXY = ip("10.0.0.2");

    private static InetAddress ip(String literal) {
        return ForwardedHeaders.address(literal);
    }

    private static InetAddress client(InetAddress peer, String name, String... values) {
        HttpHeaders headers = new DefaultHttpHeaders();
        for (String value : values) {
            headers.add(name, value);
        }
        return ClientAddress.resolve(peer, headers, PROXIES);
    }

    @Test
    void behindATrustedProxyTheForwardedForAddressIsTheClient() {
        assertThat(client(PROXY, "X-Forwarded-For", "203.0.113.7")).isEqualTo(ip("203.0.113.7"));
        assertThat(client(PROXY, "X-Forwarded-For", "2001:db8::7")).isEqualTo(ip("2001:db8::7"));
    }

    @Test
    void theRightmostAddressThatIsNotATrustedProxyWinsSoAPrependedOneIsIgnored() {
        // the client wrote 198.51.100.1 itself; the proxy appended the address it took the request from
        assertThat(client(PROXY, "X-Forwarded-For", "198.51.100.1, 203.0.113.7")).isEqualTo(ip("203.0.113.7"));
        // through two trusted proxies: the inner one's entry is skipped
        assertThat(client(PROXY, "X-Forwarded-For", "198.51.100.1, 203.0.113.7, 10.9.9.9"))
                .isEqualTo(ip("203.0.113.7"));
        // several field lines are one list, in order (RFC 9110 §5.3)
        assertThat(client(PROXY, "X-Forwarded-For", "198.51.100.1", "203.0.113.7")).isEqualTo(ip("203.0.113.7"));
    }

    @Test
    void headersFromAPeerThatIsNotATrustedProxyAreIgnored() {
        InetAddress stranger = ip("192.0.2.50");
        assertThat(client(stranger, "X-Forwarded-For", "203.0.113.7")).isEqualTo(stranger);
        assertThat(client(stranger, "Forwarded", "for=203.0.113.7")).isEqualTo(stranger);
    }

    @Test
    void theForwardedHeaderNamesTheClientToo_rfc7239_4_and_5_2() {
        assertThat(client(PROXY, "Forwarded", "for=192.0.2.43")).isEqualTo(ip("192.0.2.43"));
        // §4's examples: quoted IPv6 with a port, several elements, other parameters, case-insensitive names
        assertThat(client(PROXY, "Forwarded", "For=\"[2001:db8:cafe::17]:4711\"")).isEqualTo(ip("2001:db8:cafe::17"));
        assertThat(client(PROXY, "Forwarded", "for=192.0.2.60;proto=http;by=203.0.113.43"))
                .isEqualTo(ip("192.0.2.60"));
        assertThat(client(PROXY, "Forwarded", "for=198.51.100.1, for=192.0.2.43;by=10.0.0.2, for=10.1.1.1"))
                .isEqualTo(ip("192.0.2.43"));
        assertThat(client(PROXY, "Forwarded", "for=\"_spoofed,for=1.2.3.4\", for=192.0.2.43"))
                .as("a quoted comma is not a separator").isEqualTo(ip("192.0.2.43"));
    }

    @Test
    void anUnknownOrObfuscatedHopIsNotAnAddressSoTheProxyThatWroteItStands_rfc7239_6_2_and_6_3() {
        assertThat(client(PROXY, "Forwarded", "for=unknown")).isEqualTo(PROXY);
        assertThat(client(PROXY, "Forwarded", "for=_hidden, for=10.3.3.3")).isEqualTo(ip("10.3.3.3"));
        assertThat(client(PROXY, "Forwarded", "proto=https")).as("an element without for=").isEqualTo(PROXY);
        assertThat(client(PROXY, "X-Forwarded-For", "not-an-address")).isEqualTo(PROXY);
        assertThat(client(PROXY, "X-Forwarded-For", "proxy.example.org")).as("no DNS lookup").isEqualTo(PROXY);
    }

    @Test
    void withoutHeadersOrWithOnlyTrustedHopsTheLeftmostKnownAddressIsTheClient() {
        assertThat(client(PROXY, "X-Other", "x")).isEqualTo(PROXY);
        assertThat(client(PROXY, "X-Forwarded-For", "10.7.7.7, 10.8.8.8")).isEqualTo(ip("10.7.7.7"));
    }

    @Test
    void xForwardedForIsReadBeforeForwardedWhenBothCame() {
        HttpHeaders headers = new DefaultHttpHeaders()
                .add("Forwarded", "for=198.51.100.1") // passed on as the client wrote it
                .add("X-Forwarded-For", "203.0.113.7"); // added by the proxy
        assertThat(ClientAddress.resolve(PROXY, headers, PROXIES)).isEqualTo(ip("203.0.113.7"));
    }

    @Test
    void nodesWithPortsAndBracketsAreAddresses_rfc7239_6() {
        assertThat(ForwardedHeaders.address("192.0.2.43:47011")).isEqualTo(ip("192.0.2.43"));
        assertThat(ForwardedHeaders.address("[2001:db8::1]")).isEqualTo(ip("2001:db8::1"));
        assertThat(ForwardedHeaders.address("[2001:db8::1]:4711")).isEqualTo(ip("2001:db8::1"));
        assertThat(ForwardedHeaders.address("[2001:db8::1")).isNull();
        assertThat(ForwardedHeaders.address("unknown")).isNull();
        assertThat(ForwardedHeaders.address("")).isNull();
    }
}
