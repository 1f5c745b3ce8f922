package org.pubsubserver.xmpp.link;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import io.netty.channel.Channel;
import io.netty.channel.ChannelException;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.io.IOException;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Every way a connection attempt can fail schedules the next one, and {@code stop()} stays prompt: the link must
 * never stay down for good because one failure path skipped the retry (as when the socket could not even be made,
 * with the file descriptors exhausted). And the backoff starts again as soon as the server takes the handshake.
 */
class ReconnectTest extends LinkFixture {
    private static final Duration SECOND = Duration.ofSeconds(1);

    private final RecordingScheduler scheduler = new RecordingScheduler();

    private ComponentLinkSettings settings(int port, Duration connectTimeout) {
        return new ComponentLinkSettings(DOMAIN, "127.0.0.1", port, SECRET, 64 * 1024, Duration.ZERO, SECOND,
                Duration.ofSeconds(60), connectTimeout, STANDBY);
    }

    private ComponentLink started(ComponentLinkSettings settings, ChannelFactory<? extends Channel> sockets) {
        ComponentLink link = link(settings, scheduler, sockets);
        link.start(stanza -> { });
        return link;
    }

    /** Sockets of the given kind for the first {@code failing} attempts, ordinary ones after. */
    private static ChannelFactory<Channel> firstAttempts(int failing, ChannelFactory<Channel> failingKind) {
        AtomicInteger attempts = new AtomicInteger();
        return () -> attempts.getAndIncrement() < failing ? failingKind.newChannel() : new NioSocketChannel();
    }

    @Test
    void anAttemptWhoseSocketCannotBeMadeIsRetriedAndTheLinkComesBack() throws Exception {
        ComponentLink link = started(settings(server.port(), Duration.ofSeconds(2)), firstAttempts(1, () -> {
            throw new ChannelException("Unable to create Channel from class EpollSocketChannel",
                    new IOException("newSocketStream(..) failed: Too many open files"));
        }));

        RecordingScheduler.Scheduled retry = scheduler.next();

        assertThat(retry.delay()).isBetween(SECOND, Duration.ofMillis(1200));
        assertThat(logs.at(Level.ERROR)).singleElement().asString().startsWith("Could not open a socket for the link"
                + " of component pubsub.localhost to the XMPP server at 127.0.0.1:" + server.port()
                + " (newSocketStream(..) failed: Too many open files): check the process's limit of open files");
        retry.task().run();
        server.nextConnection().authenticate(SECRET);
        link.awaitAuthenticated().get(5, TimeUnit.SECONDS);
    }

    @Test
    void stopIsPromptAfterAnAttemptWhoseSocketCouldNotBeMade() throws Exception {
        ComponentLink link = started(settings(server.port(), Duration.ofSeconds(2)), () -> {
            throw new ChannelException(new IOException("Too many open files"));
        });
        scheduler.next();

        link.stop().get(1, TimeUnit.SECONDS);

        assertThat(scheduler.isEmpty()).as("the pending attempt is cancelled").isTrue();
    }

    @Test
    void anAttemptWhoseSocketNoEventLoopTakesIsRetried() throws Exception {
        assertRetriedAfterAFirstAttemptWith(IncompatibleChannel::new, "incompatible event loop type");
    }

    @Test
    void anAttemptWhoseRegistrationFailsIsRetried() throws Exception {
        assertRetriedAfterAFirstAttemptWith(UnregistrableChannel::new, "(Too many open files)");
    }

    /** The first attempt fails with a socket of the given kind, the next one succeeds; one error names the cause. */
    private void assertRetriedAfterAFirstAttemptWith(ChannelFactory<Channel> failingKind, String cause)
            throws Exception {
        ComponentLink link = started(settings(server.port(), Duration.ofSeconds(2)), firstAttempts(1, failingKind));

        scheduler.next().task().run();

        server.nextConnection().authenticate(SECRET);
        link.awaitAuthenticated().get(5, TimeUnit.SECONDS);
        assertThat(logs.at(Level.ERROR)).singleElement().asString().contains(cause);
    }

    @Test
    void aRefusedConnectionIsRetried() throws Exception {
        started(settings(closedPort(), Duration.ofSeconds(2)), null);

        assertThat(scheduler.next().delay()).isBetween(SECOND, Duration.ofMillis(1200));
        assertThat(logs.at(Level.WARN)).singleElement().asString().contains("(connection refused)");
    }

    @Test
    void aConnectThatNeverCompletesTimesOutAndIsRetried() throws Exception {
        started(settings(server.port(), Duration.ofMillis(200)), HangingConnectChannel::new);

        scheduler.next();

        assertThat(logs.at(Level.WARN)).singleElement().asString().contains("timed out after 200 ms");
    }

    @Test
    void stopIsPromptDuringAConnectThatHangs() throws Exception {
        ComponentLink link = started(settings(server.port(), Duration.ofSeconds(30)), HangingConnectChannel::new);

        link.stop().get(1, TimeUnit.SECONDS);

        assertThat(scheduler.isEmpty()).isTrue();
    }

    @Test
    void aPeerThatClosesDuringTheHandshakeIsRetriedNoSoonerThanTheRefusalFloor() throws Exception {
        started(settings(server.port(), Duration.ofSeconds(2)), null);
        PeerConnection peer = server.nextConnection();
        peer.awaitHeader();

        peer.close();

        assertThat(scheduler.next().delay()).isGreaterThanOrEqualTo(ComponentLink.REFUSAL_FLOOR);
        assertThat(logs.at(Level.ERROR)).singleElement().asString()
                .contains("closed the connection during the component handshake");
    }

    @Test
    void anExceptionInTheFailurePathStillSchedulesTheNextAttempt() throws Exception {
        // the failure listener used to close the channel first; when that threw, no retry was ever scheduled
        started(settings(closedPort(), Duration.ofSeconds(2)), ThrowingCloseChannel::new);

        assertThat(scheduler.next().delay()).isBetween(SECOND, Duration.ofMillis(1200));
    }

    @Test
    void backoffStartsAgainOnceAHandshakeSucceeds() throws Exception {
        ComponentLink link = started(settings(server.port(), Duration.ofSeconds(2)), null);
        PeerConnection first = server.nextConnection();
        first.authenticate(SECRET);
        link.awaitAuthenticated().get(5, TimeUnit.SECONDS);

        // the XMPP server restarts: the link drops and the next attempts are refused for a while
        first.close();
        RecordingScheduler.Scheduled drop = scheduler.next();
        assertThat(drop.delay()).isBetween(SECOND, Duration.ofMillis(1200));
        List<Duration> whileRefused = new ArrayList<>();
        RecordingScheduler.Scheduled next = drop;
        for (int i = 0; i < 3; i++) {
            next.task().run();
            server.nextConnection().refuseSecret();
            next = scheduler.next();
            whileRefused.add(next.delay());
        }
        assertThat(whileRefused).as("growing, never below the refusal floor").isSorted()
                .allSatisfy(delay -> assertThat(delay).isGreaterThanOrEqualTo(ComponentLink.REFUSAL_FLOOR));
        next.task().run();
        PeerConnection second = server.nextConnection();
        second.authenticate(SECRET);
        link.awaitAuthenticated().get(5, TimeUnit.SECONDS);

        // and restarts again at once, long before the old rule (up for the longest delay, 60 s) would have reset it
        second.close();

        assertThat(scheduler.next().delay()).as("the first delay again, jittered")
                .isBetween(SECOND, Duration.ofMillis(1200));
    }

    @Test
    void aRefusalAfterASuccessStillWaitsAtLeastTheFloor() throws Exception {
        ComponentLink link = started(settings(server.port(), Duration.ofSeconds(2)), null);
        PeerConnection first = server.nextConnection();
        first.authenticate(SECRET);
        link.awaitAuthenticated().get(5, TimeUnit.SECONDS);
        first.close();
        scheduler.next().task().run();

        server.nextConnection().refuseSecret();

        assertThat(scheduler.next().delay()).isBetween(ComponentLink.REFUSAL_FLOOR, Duration.ofSeconds(12));
    }

    /** A socket of a transport no loop of the group takes ("incompatible event loop type"). */
    static final class IncompatibleChannel extends NioSocketChannel {
        @Override
        protected boolean isCompatible(EventLoop loop) {
            return false;
        }
    }

    /** A socket the loop cannot register (as when the selector cannot take more descriptors). */
    static final class UnregistrableChannel extends NioSocketChannel {
        @Override
        protected void doRegister() throws Exception {
            throw new IOException("Too many open files");
        }
    }

    /** A socket whose connect never completes, as to a host that drops the packets. */
    static final class HangingConnectChannel extends NioSocketChannel {
        @Override
        protected boolean doConnect(SocketAddress remoteAddress, SocketAddress localAddress) {
            return false;
        }
    }

    /** A socket whose {@code close()} throws. */
    static final class ThrowingCloseChannel extends NioSocketChannel {
        @Override
        public ChannelFuture close() {
            throw new IllegalStateException("channel not registered to an event loop");
        }
    }
}
