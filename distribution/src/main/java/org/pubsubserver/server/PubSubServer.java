package org.pubsubserver.server;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.pubsubserver.core.engine.PubSubEngine;
import org.pubsubserver.server.config.ServerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole server, from its configuration: built by the {@link ServerAssembly} (store, engine, component link,
 * HTTP), started and stopped here in order; embeddable (tests start it in-process).
 */
public final class PubSubServer implements AutoCloseable {
    public static final String SOFTWARE_NAME = "pubsub-server";
    private static final Logger LOG = LoggerFactory.getLogger(PubSubServer.class);

    private final ServerConfig config;
    /** Null while stopped. */
    private ServerAssembly parts;
    private InetSocketAddress httpAddress;
    private InetSocketAddress adminAddress;
    private boolean running;

    public PubSubServer(ServerConfig config) {
        this.config = config;
    }

    /** The software version from the jar's manifest ("dev" when run from classes). */
    public static String version() {
        String version = PubSubServer.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }

    /** Builds the server, binds HTTP, then connects the component link (in the background, retrying until stopped). */
    public synchronized void start() throws Exception {
        if (running) {
            return;
        }
        try {
            parts = new ServerAssembly(config, SOFTWARE_NAME, version());
            if (parts.http() != null) {
                httpAddress = parts.http().start();
            }
            if (parts.admin() != null) {
                adminAddress = parts.admin().start();
            }
            parts.link().start(parts.router());
            scheduleExpirySweep(parts);
            running = true;
            StartupReport.log(config, parts.storage().description(), httpAddress, version());
        } catch (Exception | Error e) {
            stopQuietly();
            throw e;
        }
    }

    /** Removes expired items from idle nodes now and then (engine.expiry-sweep-interval; 0 = never). */
    private void scheduleExpirySweep(ServerAssembly parts) {
        long every = config.engine().expirySweepInterval().toMillis();
        if (every <= 0) {
            return;
        }
        PubSubEngine engine = parts.engine();
        parts.io().scheduleAtFixedRate(() -> engine.sweepExpiredItems(Duration.ofMillis(every)).whenComplete((swept, failure) -> {
            if (failure != null) {
                LOG.warn("The sweep of expired items failed; it runs again in {} ms", every, failure);
            }
        }), every, every, TimeUnit.MILLISECONDS);
    }

    /** Completes when the component link is authenticated with the XMPP server. */
    public CompletableFuture<Void> awaitLinkUp() {
        return parts.link().awaitAuthenticated();
    }

    /** The engine, for those who embed the server (and tests); null while it is stopped. */
    public PubSubEngine engine() {
        ServerAssembly running = parts;
        return running == null ? null : running.engine();
    }

    /** Where the operators' listener (metrics, health) listens, or null when it is off. */
    public InetSocketAddress adminAddress() {
        return adminAddress;
    }

    /** Where HTTP listens, or null when it is off. */
    public InetSocketAddress httpAddress() {
        return httpAddress;
    }

    /**
     * Stops in the order that loses nothing: work already queued on the lanes finishes and is committed
     * (its replies and notifications still leave), then the stream is closed, HTTP stops and the store is closed.
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
        ServerAssembly stopping = parts;
        parts = null;
        if (stopping == null) {
            return;
        }
        stopping.stopping();
        try {
            if (!stopping.lanes().shutdown(10_000)) {
                LOG.warn("Queued work did not finish within 10 s; what was still queued was refused");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            stopping.link().stop().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.debug("Closing the component link: {}", e.toString());
        }
        if (stopping.http() != null) {
            stopping.http().stop();
        }
        if (stopping.admin() != null) {
            stopping.admin().stop(); // last: it answered "stopping" to readiness probes until now
        }
        stopping.close(); // the event loops, then the store
    }

    @Override
    public void close() {
        stop();
    }
}
