package org.pubsubserver.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pubsubserver.http.Http1Connections.receive;
import static org.pubsubserver.http.Http1Connections.sent;

import ch.qos.logback.classic.Level;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pubsubserver.http.connection.ConnectionLimits;
import org.pubsubserver.http.connection.TrustedProxies;

/**
 * {@code http.max-connections-per-address} and {@code http.max-connections}: a connection over a limit is closed
 * as it is accepted, before anything is built for it, and the connections already open go on as before.
 */
class ConnectionLimitsTest {
    private static final String REQUEST = "GET /elsewhere HTTP/1.1\r\nHost: " + Http1Connections.HOST + "\r\n\r\n";

    @RegisterExtension
    static final Http1Connections server = new Http1Connections();

    private static HttpChannelInitializer limited(int max, int maxPerAddress, TrustedProxies proxies) {
        return server.initializer(Http1Connections.DEFAULTS.withTrustedProxies(proxies)
                .withConnections(new HttpSettings.Connections(Duration.ofSeconds(20), max, maxPerAddress)));
    }

    @Test
    void pastTheLimitOfAnAddressNewConnectionsFromItAreClosedAtOnceAndTheOthersGoOn() {
        HttpChannelInitializer pipeline = limited(0, 3, TrustedProxies.none());
        List<EmbeddedChannel> first = List.of(server.connect("192.0.2.1", pipeline),
                server.connect("192.0.2.1", pipeline), server.connect("192.0.2.1", pipeline));
        assertThat(first).allMatch(EmbeddedChannel::isOpen);

        EmbeddedChannel over = server.connect("192.0.2.1", pipeline);
        assertThat(over.isOpen()).as("the fourth from one address").isFalse();
        assertThat(over.pipeline().get(HttpServerCodec.class)).as("nothing was built for it").isNull();
        assertThat(server.connect("192.0.2.2", pipeline).isOpen()).as("another address").isTrue();

        // the connections already open are served as before
        receive(first.get(0), REQUEST);
        assertThat(sent(first.get(0))).startsWith("HTTP/1.1 404 ");
        // and a place is given back when one closes
        first.get(1).close();
        assertThat(server.connect("192.0.2.1", pipeline).isOpen()).isTrue();
    }

    @Test
    void aTrustedProxysConnectionsAreNotLimitedPerAddress() {
        HttpChannelInitializer pipeline = limited(0, 2, TrustedProxies.parse(List.of("10.0.0.0/8")));
        for (int i = 0; i < 10; i++) {
            assertThat(server.connect("10.1.2.3", pipeline).isOpen()).isTrue();
        }
        server.connect("192.0.2.1", pipeline);
        server.connect("192.0.2.1", pipeline);
        assertThat(server.connect("192.0.2.1", pipeline).isOpen()).as("others still are").isFalse();
    }

    @Test
    void pastTheLimitInAllNewConnectionsAreClosedAtOnce() {
        HttpChannelInitializer pipeline = limited(2, 0, TrustedProxies.parse(List.of("10.0.0.0/8")));
        assertThat(server.connect("192.0.2.1", pipeline).isOpen()).isTrue();
        EmbeddedChannel proxied = server.connect("10.1.2.3", pipeline);
        assertThat(proxied.isOpen()).isTrue();
        assertThat(server.connect("192.0.2.2", pipeline).isOpen()).as("a trusted proxy counts in all").isFalse();
        proxied.close();
        assertThat(server.connect("192.0.2.2", pipeline).isOpen()).isTrue();
    }

    @Test
    void theFirstRefusalOfAnAddressIsLoggedOnceNamingTheSettingToRaise() {
        HttpChannelInitializer pipeline = limited(0, 1, TrustedProxies.none());
        try (CapturedLogs logs = new CapturedLogs(ConnectionLimits.class)) {
            EmbeddedChannel open = server.connect("192.0.2.1", pipeline);
            for (int i = 0; i < 5; i++) {
                server.connect("192.0.2.1", pipeline);
            }
            assertThat(logs.at(Level.WARN)).singleElement().asString()
                    .contains("192.0.2.1").contains("http.max-connections-per-address (1)")
                    .contains("http.trusted-proxies");
            server.connect("192.0.2.2", pipeline);
            server.connect("192.0.2.2", pipeline);
            assertThat(logs.at(Level.WARN)).hasSize(2).last().asString().contains("192.0.2.2");
            // once everything of an address has closed, a new refusal is news again
            open.close();
            server.connect("192.0.2.1", pipeline);
            server.connect("192.0.2.1", pipeline);
            assertThat(logs.at(Level.WARN)).hasSize(3);
        }
    }

    @Test
    void theLimitInAllIsLoggedOnceAndAgainOnlyOnceTheCountIsDownTo90Percent() {
        HttpChannelInitializer pipeline = limited(20, 0, TrustedProxies.none());
        try (CapturedLogs logs = new CapturedLogs(ConnectionLimits.class)) {
            List<EmbeddedChannel> open = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                open.add(server.connect("192.0.2." + i, pipeline));
            }
            for (int i = 0; i < 3; i++) {
                assertThat(server.connect("198.51.100.1", pipeline).isOpen()).isFalse();
            }
            assertThat(logs.at(Level.WARN)).singleElement().asString().contains("http.max-connections (20)");
            // 19 open, above 90%: the limit reached again is not news
            open.remove(0).close();
            assertThat(server.connect("198.51.100.1", pipeline).isOpen()).isTrue();
            assertThat(server.connect("198.51.100.1", pipeline).isOpen()).isFalse();
            assertThat(logs.at(Level.WARN)).hasSize(1);
            // 18 open, 90%: it is
            open.remove(0).close();
            open.remove(0).close();
            assertThat(server.connect("198.51.100.1", pipeline).isOpen()).isTrue();
            assertThat(server.connect("198.51.100.1", pipeline).isOpen()).isTrue();
            assertThat(server.connect("198.51.100.1", pipeline).isOpen()).isFalse();
            assertThat(logs.at(Level.WARN)).hasSize(2);
        }
    }
}
