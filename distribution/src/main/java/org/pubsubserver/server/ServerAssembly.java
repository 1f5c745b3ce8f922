package org.pubsubserver.server;

import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashSet;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.pubsubserver.core.access.StreamTokens;
import org.pubsubserver.core.archive.ArchiveIds;
import org.pubsubserver.core.backup.StoreBackup;
import org.pubsubserver.core.cluster.EventTransport;
import org.pubsubserver.core.cluster.Instances;
import org.pubsubserver.core.engine.Lanes;
import org.pubsubserver.core.engine.PubSubEngine;
import org.pubsubserver.core.event.EventBus;
import org.pubsubserver.core.model.NodeConfig;
import org.pubsubserver.core.store.NodeStore;
import org.pubsubserver.core.store.jdbc.JdbcStorage;
import org.pubsubserver.core.usecase.EngineSettings;
import org.pubsubserver.http.HttpServer;
import org.pubsubserver.http.HttpSettings;
import org.pubsubserver.http.admin.AdminServer;
import org.pubsubserver.http.admin.AdminSettings;
import org.pubsubserver.http.admin.OperatorRoutes;
import org.pubsubserver.http.connection.TrustedProxies;
import org.pubsubserver.http.sse.SseStreams;
import org.pubsubserver.server.config.ServerConfig;
import org.pubsubserver.server.health.Readiness;
import org.pubsubserver.server.metrics.ServerMetrics;
import org.pubsubserver.xmpp.XmppSurface;
import org.pubsubserver.xmpp.link.ComponentLink;
import org.pubsubserver.xmpp.link.ComponentLinkSettings;
import org.pubsubserver.xmpp.link.InboundStanzaHandler;
import org.pubsubserver.xmpp.notify.EventNotifier;
import org.pubsubserver.xmpp.notify.Scheduler;
import org.pubsubserver.xmpp.presence.PresenceReactions;
import org.pubsubserver.xmpp.presence.PresenceTracker;
import org.pubsubserver.xmpp.privilege.PrivilegedRosters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xmpp.packet.JID;

/**
 * The composition root: every collaborator of the server is built here, once, by constructor, in dependency order,
 * and the event listeners are registered on the bus here; nothing is set on anything afterwards. The component link
 * comes before everything that sends through it (it is their {@link org.pubsubserver.xmpp.stanza.StanzaOutput}, and
 * takes nothing while it is not connected), and gets where inbound stanzas go, {@link #router()}, only when
 * {@link PubSubServer} starts it: that breaks the cycle engine, rosters, link, router, engine without a setter.
 * Building opens the store and starts the lanes' and event loops' threads; nothing listens or connects until the
 * server starts HTTP and the link. If building fails, what it opened is closed.
 */
final class ServerAssembly implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ServerAssembly.class);

    private final JdbcStorage storage;
    private final Lanes lanes;
    private final EventLoopGroup io;
    private final EventLoopGroup linkLoop;
    private final ComponentLink link;
    private final PubSubEngine engine;
    /** Null when HTTP is off. */
    private final HttpServer http;
    private final InboundStanzaHandler router;
    /** Null when this instance is alone on its store, or HTTP is off. */
    private SseFromEveryInstance fromEveryInstance;
    private final ServerMetrics metrics;
    /** Null when admin.port is 0. */
    private final AdminServer admin;
    private final Readiness readiness;
    private final AtomicBoolean stopping = new AtomicBoolean();

    ServerAssembly(ServerConfig config, String softwareName, String version) throws IOException {
        try {
            Path dataDir = config.storage().dataDir();
            Files.createDirectories(dataDir);
            storage = JdbcStorage.open(config.storage().settings());
            // instances on one store sign with one key: the first to start stores its own (see TokenKey)
            byte[] serviceKey = storage.serviceKey(TokenKey.NAME, TokenKey.loadOrCreate(dataDir));
            StreamTokens tokens = new StreamTokens(serviceKey, Clock.systemUTC(), config.http().tokenLifetime());
            // the ids of archived items, the same on every instance and after restarts (see ArchiveIds)
            ArchiveIds archiveIds = new ArchiveIds(serviceKey);
            NodeStore store = storage.nodeStore();
            // the parts count for themselves; the metrics read their counts when scraped (see ServerMetrics)
            metrics = new ServerMetrics();
            metrics.pool(storage.dataSource());
            // the lanes commit the store's writes in groups: one commit for the publishes waiting on a node
            lanes = new Lanes(config.engine().lanes(), config.engine().laneQueueCapacity(),
                    metrics.groupCommit(store.groupCommit()));
            metrics.lanes(lanes);
            EventBus events = new EventBus();
            EventLoops loops = new EventLoops();
            // one HTTP event loop per core: they never block, so more loops than cores only take turns
            int ioThreads = Runtime.getRuntime().availableProcessors();
            io = loops.group(ioThreads, "pubsub-io");
            LOG.info("Network I/O on {}, {} HTTP event loops", loops.transport(), ioThreads);
            // the link has an event loop of its own: replies and notifications never wait behind the writes of
            // thousands of SSE streams
            EventLoopGroup linkLoop = loops.group(1, "pubsub-link");
            this.linkLoop = linkLoop;
            link = new ComponentLink(linkSettings(config), linkLoop);
            JID service = new JID(config.xmpp().domain());
            // owners' rosters, for the presence and roster access models, where the XMPP server grants them
            // (ejabberd may hand one instance what concerns another: grants, roster answers and pushes are relayed)
            PrivilegedRosters rosters = new PrivilegedRosters(service, Clock.systemUTC(), link, storage.stanzaRelay());
            storage.stanzaRelay().start(rosters::onRelayed);
            // several instances on one store: each event reaches all of them (see SseFromEveryInstance)
            Optional<EventTransport> transport = storage.eventTransport();
            Instances instances = transport.map(t -> new Instances(t, storage.workClaims())).orElse(Instances.ALONE);
            engine = new PubSubEngine(store, events, Clock.systemUTC(),
                    new EngineSettings(NodeConfig.defaults(), config.service(), rosters, config.archive()), lanes, instances);
            metrics.engine(engine.publishOutcomes(), events);
            metrics.link(link);
            // presence reaches the instance whose link the XMPP server picked: instances on one store share it
            PresenceTracker presence = new PresenceTracker(storage.sharedPresence());
            storage.sharedPresence().start(presence);
            Scheduler digests = (task, delay) -> linkLoop.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
            EventNotifier notifier = new EventNotifier(service, link, presence, digests);
            if (config.http().enabled()) {
                SseStreams streams = new SseStreams();
                metrics.sse(streams.counts());
                if (transport.isPresent()) {
                    // from every instance, this one's included, in each node's commit order; listening before HTTP
                    // serves, so that no stream opens on events it will not be told of
                    fromEveryInstance = new SseFromEveryInstance(lanes, streams);
                    transport.get().start(fromEveryInstance);
                } else {
                    events.register(streams);
                }
                http = new HttpServer(httpSettings(config), engine, streams, io, tokens);
            } else {
                http = null;
            }
            events.register(notifier);
            XmppSurface surface = new XmppSurface(service, softwareName, version, engine, link, rosters,
                    new PresenceReactions(presence, engine, notifier::sendLastItems), tokens, archiveIds);
            router = surface.router();
            metrics.xmpp(notifier, surface.iqErrors());
            readiness = new Readiness(storage.dataSource(), link::state, stopping::get);
            ServerConfig.Admin operators = config.admin();
            admin = operators.enabled()
                    ? new AdminServer(new AdminSettings(operators.bind(), operators.port(), operators.token()), io,
                            metrics::scrape, readiness, new OperatorRoutes(engine, Clock.systemUTC(),
                            new StoreBackup(Clock.systemUTC(), version), storage.dataSource()).routes(operators.token()))
                    : null;
        } catch (IOException | RuntimeException | Error e) {
            releaseOpened();
            throw e;
        }
    }

    /** After a failed build: the lanes (nothing is queued yet), then what {@link #close()} releases. */
    private void releaseOpened() {
        if (lanes != null) {
            lanes.close();
        }
        close();
    }

    JdbcStorage storage() {
        return storage;
    }

    /** The lanes: stopped first, so queued work finishes and its replies and events still leave. */
    Lanes lanes() {
        return lanes;
    }

    /**
     * Before the lanes stop: readiness says so from now on, and events of other instances that the lanes no longer
     * take are not misses.
     */
    void stopping() {
        stopping.set(true);
        if (fromEveryInstance != null) {
            fromEveryInstance.stop();
        }
    }

    /** The HTTP event loops; they also run the expiry sweep. */
    EventLoopGroup io() {
        return io;
    }

    PubSubEngine engine() {
        return engine;
    }

    /** The component link, not started: {@code link().start(router())} connects it. */
    ComponentLink link() {
        return link;
    }

    /** Where the link's inbound stanzas go. */
    InboundStanzaHandler router() {
        return router;
    }

    /** The HTTP server, not started; null when HTTP is off. */
    HttpServer http() {
        return http;
    }

    /** The operators' listener, not started; null when admin.port is 0. */
    AdminServer admin() {
        return admin;
    }

    /**
     * Releases what building opened: the event loops and the store. The server stops the lanes, the link and HTTP
     * before (see {@link PubSubServer#stop()}).
     */
    @Override
    public void close() {
        if (readiness != null) {
            readiness.close();
        }
        for (EventLoopGroup group : new EventLoopGroup[] {linkLoop, io}) {
            if (group != null) {
                group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
            }
        }
        if (storage != null) {
            storage.close();
        }
        if (metrics != null) {
            metrics.close();
        }
    }

    private static ComponentLinkSettings linkSettings(ServerConfig config) {
        ServerConfig.Xmpp x = config.xmpp();
        return new ComponentLinkSettings(x.domain(), x.host(), x.port(), x.secret(), x.maxStanzaSize(),
                x.keepaliveInterval(), x.initialBackoff(), x.maxBackoff(), x.connectTimeout(), x.standbyRetry());
    }

    private static HttpSettings httpSettings(ServerConfig config) {
        ServerConfig.Http http = config.http();
        Set<String> hosts = new HashSet<>(http.hosts());
        hosts.add(config.xmpp().domain());
        return new HttpSettings(http.bind(), http.port(), hosts,
                http.heartbeatInterval(), http.retry(), Set.copyOf(http.corsOrigins()),
                http.maxStreams(), http.maxStreamsPerAddress(),
                http.tlsCertificate() == null ? null : new HttpSettings.Tls(http.tlsCertificate(), http.tlsKey()),
                TrustedProxies.parse(http.trustedProxies()),
                new HttpSettings.Connections(http.requestTimeout(), maxConnections(http), http.maxConnectionsPerAddress()),
                http.publishing());
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
}
