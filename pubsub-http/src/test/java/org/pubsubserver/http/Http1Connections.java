package org.pubsubserver.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.ImmediateEventExecutor;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.pubsubserver.core.access.StreamTokens;
import org.pubsubserver.core.engine.Lanes;
import org.pubsubserver.core.engine.PubSubEngine;
import org.pubsubserver.core.event.EventBus;
import org.pubsubserver.core.model.NodeConfig;
import org.pubsubserver.core.store.jdbc.JdbcStorage;
import org.pubsubserver.core.usecase.EngineSettings;
import org.pubsubserver.http.publish.PublishCounts;
import org.pubsubserver.http.sse.SseStreams;

/**
 * Connections to the server's real pipeline ({@link HttpChannelInitializer}) as embedded channels, fed raw bytes:
 * what the server does with them before any request reaches the engine. A test class registers one in a static
 * {@code @RegisterExtension} field: the connections it opened are released after each test, the engine after all.
 */
final class Http1Connections implements AfterEachCallback, AfterAllCallback {
    static final String HOST = "pubsub.localhost";
    static final HttpSettings DEFAULTS = new HttpSettings("127.0.0.1", 0, Set.of(HOST), Duration.ofSeconds(15),
            Duration.ofSeconds(3));

    private final JdbcStorage storage = JdbcStorage.openInMemory("connections-" + UUID.randomUUID());
    private final Lanes lanes = new Lanes(1, 100, storage.nodeStore().groupCommit());
    private final PubSubEngine engine = new PubSubEngine(storage.nodeStore(), new EventBus(), Clock.systemUTC(),
            new EngineSettings(NodeConfig.defaults()), lanes);
    private final StreamTokens tokens = new StreamTokens(new byte[32], Clock.systemUTC(), Duration.ofHours(1));
    private final PublishCounts publishCounts = new PublishCounts();
    private final List<EmbeddedChannel> opened = new ArrayList<>();

    /** The lane key the tests hold the engine's one lane with. */
    private static final String GATE = "test-gate";

    /** The engine behind the connections: one lane for every node. */
    PubSubEngine engine() {
        return engine;
    }

    StreamTokens tokens() {
        return tokens;
    }

    /** The publishes over HTTP the connections' route answered, by status. */
    PublishCounts publishCounts() {
        return publishCounts;
    }

    /**
     * Feeds {@code request} to the connection and returns what the server answered, once the engine's work that it
     * caused, and the answers that follow from that work, are done. An embedded channel's loop takes tasks from its
     * own thread only: the engine's one lane is held while this thread runs the channel, and each round waits until
     * the lane has done what it was given, so the lane hands its answers over while the channel is left alone.
     */
    String exchange(EmbeddedChannel connection, String request) {
        whileTheLaneIsHeld(() -> receive(connection, request));
        for (int round = 0; round < 3; round++) {
            whileTheLaneIsHeld(connection::runPendingTasks);
        }
        return sent(connection);
    }

    private void whileTheLaneIsHeld(Runnable onTheChannel) {
        CountDownLatch held = new CountDownLatch(1);
        lanes.submit(GATE, () -> {
            try {
                held.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        });
        try {
            onTheChannel.run();
        } finally {
            held.countDown();
        }
        lanes.submit(GATE, () -> null).join();
    }

    /** The pipeline that {@code settings} build. */
    HttpChannelInitializer initializer(HttpSettings settings) {
        return new HttpChannelInitializer(engine, new SseStreams(), settings,
                new DefaultChannelGroup(ImmediateEventExecutor.INSTANCE), tokens, publishCounts);
    }

    /** A new connection from a peer the embedded channel does not name (no per-address limit applies). */
    EmbeddedChannel open(HttpSettings settings) {
        return opened(new EmbeddedChannel(initializer(settings)));
    }

    /** A new connection from {@code peer}, through {@code initializer} (which may be shared by several). */
    EmbeddedChannel connect(String peer, HttpChannelInitializer initializer) {
        SocketAddress address = new InetSocketAddress(peer, 40000);
        return opened(new EmbeddedChannel(initializer) {
            @Override
            protected SocketAddress remoteAddress0() {
                return address;
            }
        });
    }

    private EmbeddedChannel opened(EmbeddedChannel connection) {
        opened.add(connection);
        return connection;
    }

    /** Feeds {@code text} (ISO-8859-1, as HTTP heads are) to the connection as received bytes. */
    static void receive(EmbeddedChannel connection, String text) {
        connection.writeInbound(Unpooled.copiedBuffer(text, StandardCharsets.ISO_8859_1));
        connection.runPendingTasks();
    }

    /** Everything the server wrote to the connection since the last call, as text. */
    static String sent(EmbeddedChannel connection) {
        StringBuilder all = new StringBuilder();
        for (Object message; (message = connection.readOutbound()) != null; ) {
            ByteBuf buf = (ByteBuf) message;
            all.append(buf.toString(StandardCharsets.ISO_8859_1));
            buf.release();
        }
        return all.toString();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        opened.forEach(EmbeddedChannel::finishAndReleaseAll);
        opened.clear();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        lanes.close();
        storage.close();
    }
}
