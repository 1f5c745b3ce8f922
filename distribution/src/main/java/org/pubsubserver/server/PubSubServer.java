package org.pubsubserver.server;

import io.netty.channel.EventLoopGroup;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashSet;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.pubsubserver.core.access.StreamTokens;
import org.pubsubserver.core.engine.Lanes;
import org.pubsubserver.core.engine.PubSubEngine;
import org.pubsubserver.core.event.EventBus;
import org.pubsubserver.core.model.NodeConfig;
import org.pubsubserver.core.store.NodeStore;
import org.pubsubserver.core.store.jdbc.H2Storage;
import org.pubsubserver.core.usecase.EngineSettings;
import org.pubsubserver.http.HttpServer;
import org.pubsubserver.http.HttpSettings;
import org.pubsubserver.http.connection.TrustedProxies;
import org.pubsubserver.http.sse.SseStreams;
import org.pubsubserver.server.config.ServerConfig;
import org.pubsubserver.xmpp.XmppComponent;
import org.pubsubserver.xmpp.link.ComponentLinkSettings;
import org.pubsubserver.xmpp.privilege.PrivilegedRosters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xmpp.packet.JID;

/**
 * The whole server, wired from its configuration: store, engine, component link and HTTP. Started and
 * stopped in order; embeddable (tests start it in-process).
 */
public final class PubSubServer implements AutoCloseable {
    public static final String SOFTWARE_NAME = "pubsub-server";
    private static final Logger LOG = LoggerFactory.getLogger(PubSubServer.class);

    private final ServerConfig config;
    private H2Storage storage;
    private Lanes lanes;
    private EventLoopGroup io;
    private EventLoopGroup linkLoop;
    private XmppComponent component;
    private HttpServer http;
    private InetSocketAddress httpAddress;
    private boolean running;

    public PubSubServer(ServerConfig config) {
        this.config = config;
    }

    /** The software version from the jar's manifest ("dev" when run from classes). */
    public static String version() {
        String version = PubSubServer.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }

    public synchronized void start() throws Exception {
        if (running) {
            return;
        }
        try {
            Path dataDir = config.storage().dataDir();
            Files.createDirectories(dataDir);
            StreamTokens tokens = new StreamTokens(TokenKey.loadOrCreate(dataDir), Clock.systemUTC(),
                    config.http().tokenLifetime());
            storage = H2Storage.openFile(dataDir, config.storage().poolSize());
            NodeStore store = storage.nodeStore();
            // the lanes commit the store's writes in groups: one commit for the publishes waiting on a node
            lanes = new Lanes(config.engine().lanes(), config.engine().laneQueueCapacity(), store.groupCommit());
            EventBus events = new EventBus();
            JID service = new JID(config.xmpp().domain());
            // owners' rosters, for the presence and roster access models, where the XMPP server grants them
            PrivilegedRosters rosters = new PrivilegedRosters(service, Clock.systemUTC());
            PubSubEngine engine = new PubSubEngine(store, events, Clock.systemUTC(),
                    new EngineSettings(NodeConfig.defaults(), config.service(), rosters), lanes);
            EventLoops loops = new EventLoops();
            // one HTTP event loop per core: they never block, so more loops than cores only take turns
            int ioThreads = Runtime.getRuntime().availableProcessors();
            io = loops.group(ioThreads, "pubsub-io");
            LOG.info("Network I/O on {}, {} HTTP event loops", loops.transport(), ioThreads);
            if (config.http().enabled()) {
                SseStreams streams = new SseStreams();
                events.register(streams);
                http = new HttpServer(httpSettings(), engine, streams, io, tokens);
                httpAddress = http.start();
            }
            // the link has an event loop of its own: replies and notifications never wait behind the writes of
            // thousands of SSE streams
            linkLoop = loops.group(1, "pubsub-link");
            component = new XmppComponent(linkSettings(), engine, linkLoop, SOFTWARE_NAME, version(), rosters, tokens);
            component.start();
            scheduleExpirySweep(engine);
            running = true;
            StartupReport.log(config, storage.description(), httpAddress, version());
        } catch (Exception | Error e) {
            stopQuietly();
            throw e;
        }
    }

    /** Removes expired items from idle nodes now and then (engine.expiry-sweep-interval; 0 = never). */
    private void scheduleExpirySweep(PubSubEngine engine) {
        long every = config.engine().expirySweepInterval().toMillis();
        if (every <= 0) {
            return;
        }
        io.scheduleAtFixedRate(() -> engine.sweepExpiredItems().whenComplete((swept, failure) -> {
            if (failure != null) {
                LOG.warn("The sweep of expired items failed; it runs again in {} ms", every, failure);
            }
        }), every, every, TimeUnit.MILLISECONDS);
    }

    private ComponentLinkSettings linkSettings() {
        ServerConfig.Xmpp x = config.xmpp();
        return new ComponentLinkSettings(x.domain(), x.host(), x.port(), x.secret(), x.maxStanzaSize(),
                x.keepaliveInterval(), x.initialBackoff(), x.maxBackoff(), x.connectTimeout());
    }

    private HttpSettings httpSettings() {
        ServerConfig.Http http = config.http();
        Set<String> hosts = new HashSet<>(http.hosts());
        hosts.add(config.xmpp().domain());
        return new HttpSettings(http.bind(), http.port(), hosts,
                http.heartbeatInterval(), http.retry(), Set.copyOf(http.corsOrigins()),
                http.maxStreams(), http.maxStreamsPerAddress(),
                http.tlsCertificate() == null ? null : new HttpSettings.Tls(http.tlsCertificate(), http.tlsKey()),
                TrustedProxies.parse(http.trustedProxies()),
                new HttpSettings.Connections(http.requestTimeout(), maxConnections(http), http.maxConnectionsPerAddress()));
    }

    /** http.max-connections, with "auto" derived from the open-files limit (none where the platform does not tell it). */
    private static int maxConnections(ServerConfig.Http http) {
        if (http.maxConnections() != ServerConfig.Http.AUTO) {
            return http.maxConnections();
        }
        OptionalLong files = ConnectionBudget.openFilesLimit();
        if (files.isEmpty()) {
            LOG.info("HTTP connections: no limit in all (the open-files limit is unknown here; see http.max-connections)");
            return 0;
        }
        int max = ConnectionBudget.fromOpenFilesLimit(files.getAsLong());
        LOG.info("HTTP connections: at most {} in all, from the open-files limit of {} (http.max-connections = auto)",
                max, files.getAsLong());
        return max;
    }

    /** Completes when the component link is authenticated with the XMPP server. */
    public CompletableFuture<Void> awaitLinkUp() {
        return component.awaitLinkUp();
    }

    /** Where HTTP listens, or null when it is off. */
    public InetSocketAddress httpAddress() {
        return httpAddress;
    }

    /**
     * Stops in the order that loses nothing: work already queued on the lanes finishes and is committed
     * (its replies still leave), then the stream is closed, HTTP stops and the store is closed.
     */
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        LOG.info("Stopping: finishing queued work, closing the component link, HTTP and the store");
        stopQuietly();
        LOG.info("Stopped");
    }

    private void stopQuietly() {
        if (lanes != null) {
            try {
                if (!lanes.shutdown(10_000)) {
                    LOG.warn("Queued work did not finish within 10 s; what was still queued was refused");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (component != null) {
            try {
                component.stop().get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.debug("Closing the component link: {}", e.toString());
            }
        }
        if (http != null) {
            http.stop();
        }
        for (EventLoopGroup group : new EventLoopGroup[] {linkLoop, io}) {
            if (group != null) {
                group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
            }
        }
        if (storage != null) {
            storage.close();
        }
        component = null;
        http = null;
        io = null;
        linkLoop = null;
        lanes = null;
        storage = null;
    }

    @Override
    public void close() {
        stop();
    }
}
