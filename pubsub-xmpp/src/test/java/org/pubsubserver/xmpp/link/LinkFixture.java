package org.pubsubserver.xmpp.link;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * What the tests of {@link ComponentLink} share: a {@link FakeXmppServer} on a loopback port, one event loop, the
 * link's log lines, and the links a test made, all closed after each test.
 */
abstract class LinkFixture {
    static final String DOMAIN = "pubsub.localhost";
    static final String SECRET = "test";
    /** The links' interval between attempts while standing by ({@code xmpp.standby-retry}). */
    static final Duration STANDBY = Duration.ofSeconds(2);

    final EventLoopGroup group = new NioEventLoopGroup(1);
    private final List<ComponentLink> links = new ArrayList<>();
    FakeXmppServer server;
    CapturedLogs logs;

    @BeforeEach
    void startServer() throws IOException {
        server = new FakeXmppServer();
        logs = new CapturedLogs(ComponentLink.class);
    }

    @AfterEach
    void stopEverything() throws Exception {
        for (ComponentLink link : links) {
            link.close();
        }
        logs.close();
        server.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }

    /**
     * A link on the fixture's event loop, not yet started (the test starts it with its handler), with jitter from a
     * fixed seed; a null {@code scheduler} schedules attempts on the loop, null {@code sockets} makes ordinary ones.
     * The system clock: only the congestion warnings read it, and no test waits that long.
     */
    ComponentLink link(ComponentLinkSettings settings, ReconnectScheduler scheduler,
            ChannelFactory<? extends Channel> sockets) {
        ComponentLink link = new ComponentLink(settings, group, Clock.systemUTC(), new SplittableRandom(42),
                scheduler, sockets);
        links.add(link);
        return link;
    }

    /** A loopback port nothing listens on. */
    static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
