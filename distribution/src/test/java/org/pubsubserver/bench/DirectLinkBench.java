package org.pubsubserver.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The direct benchmark: the driver plays the XMPP server's side of the component link (XEP-0114) on
 * loopback, publishes with a window of requests in flight while it holds SSE streams and XMPP subscriptions
 * on the node, and reports acknowledged publishes, deliveries, publish-to-delivery latency and the server's
 * CPU and memory. Every publish is acknowledged by the server only after its commit. With {@code --publish-over
 * http1|http2} the same publishes go over HTTP ({@code POST /pubsub_post/<node>}, answered 202 after the commit)
 * with a publish token the driver gets over its link, as the same JID.
 */
@Command(name = "direct", mixinStandardHelpOptions = true,
        description = "Publishes over a component link the benchmark serves itself, with SSE and XMPP subscribers.")
final class DirectLinkBench implements Callable<Integer> {
    static final String DOMAIN = "pubsub.localhost";
    static final String NODE = "bench";
    private static final int RING = 1 << 16;
    /** Who creates the nodes and publishes (NodeSetup creates them as this JID, so it owns them). */
    static final String PUBLISHER = "publisher@localhost/bench";
    /** The token in the answer of the publish-token command's form. */
    private static final Pattern TOKEN_FIELD = Pattern.compile(
            "<field[^>]*var=[\"']token[\"'][^>]*>\\s*<value>([^<]+)</value>");

    @Option(names = "--window", description = "Publish requests in flight (default ${DEFAULT-VALUE}).")
    int window = 128;
    @Option(names = "--duration", description = "Seconds measured (default ${DEFAULT-VALUE}).")
    int duration = 10;
    @Option(names = "--warmup", description = "Seconds of publishing before measuring, long enough for the JIT to"
            + " compile the hot paths (default ${DEFAULT-VALUE}).")
    int warmup = 15;
    @Option(names = "--rate", description = "Publishes per second; 0: as fast as the window allows (default ${DEFAULT-VALUE}).")
    int rate;
    @Option(names = "--count", description = "Publish exactly this many, then report the time until all were delivered"
            + " (instead of --duration).")
    int count;
    @Option(names = "--nodes", description = "Nodes the publishes go to in turn (each node has a lane of the"
            + " server's engine.lanes); the SSE streams and XMPP subscriptions are on the first (default ${DEFAULT-VALUE}).")
    int nodes = 1;
    @Option(names = "--sse", description = "SSE streams open on the node (default ${DEFAULT-VALUE}).")
    int sse;
    @Option(names = "--xmpp-subscribers", description = "XMPP subscriptions to the node (default ${DEFAULT-VALUE}).")
    int xmppSubscribers;
    @Option(names = "--stall-every", description = "Every Nth SSE stream stops reading once publishing starts;"
            + " 0: none (default ${DEFAULT-VALUE}).")
    int stallEvery;
    @Option(names = "--payload-bytes", description = "Bytes of padding in each item's payload (default ${DEFAULT-VALUE}).")
    int payloadBytes = 100;
    @Option(names = "--server-java-opts", description = "JAVA_OPTS of the server process (default '${DEFAULT-VALUE}').")
    String serverJavaOptions = "";
    @Option(names = "--progress", description = "Print the rates of every second.")
    boolean progress;
    @Option(names = "--client-threads", description = "Event loop threads holding the SSE streams (default ${DEFAULT-VALUE}).")
    int clientThreads = 1;
    @Option(names = "--node-config", description = "The nodes' configuration: default (the service's defaults, as users"
            + " get them: max_items 100, the oldest retracted) or tuned (max_items 1000, the oldest discarded silently)"
            + " (default ${DEFAULT-VALUE}).")
    NodeSetup nodeSetup = NodeSetup.DEFAULT;
    @Option(names = "--store", description = "h2 (the embedded file, as shipped) or postgresql (scripts/test-servers.sh's,"
            + " emptied first) (default ${DEFAULT-VALUE}).")
    String store = "h2";
    @Option(names = "--h2-sync", description = "H2 only: storage.sync on (each group commit forced to disk).")
    boolean h2Sync;
    @Option(names = "--archive", description = "on (node archives, as shipped: archive.enabled) or off"
            + " (default ${DEFAULT-VALUE}).")
    String archive = "on";
    @Option(names = "--instances", description = "Server instances on the one PostgreSQL (1 or 2); the publishes go"
            + " through the first's link (default ${DEFAULT-VALUE}).")
    int instances = 1;
    @Option(names = "--sse-on", description = "With 2 instances, where the SSE streams are: first (the publishing"
            + " instance), second, or both (half each) (default ${DEFAULT-VALUE}).")
    String sseOn = "first";
    @Option(names = "--publish-over", description = "link (the component link, XMPP), http1 (POST /pubsub_post over"
            + " HTTP/1.1 keep-alive, one request in flight per connection) or http2 (h2c by prior knowledge: one"
            + " connection, the window as concurrent streams) (default ${DEFAULT-VALUE}).")
    String publishOver = "link";
    @Option(names = "--http-connections", description = "http1 only: connections (each carries one request at a time,"
            + " so they bound the requests in flight); 0: min(window, 64) (default ${DEFAULT-VALUE}).")
    int httpConnections;
    @Option(names = "--http-body", description = "Over HTTP: xml (application/xml, the same <tick> payload as over the"
            + " link) or json (application/json {\"t\":...,\"pad\":\"...\"}, published as urn:xmpp:json:0: its"
            + " XMPP notifications are counted, without latency; its SSE events, without a <tick>, are not)"
            + " (default ${DEFAULT-VALUE}).")
    String httpBody = "xml";

    private final LongAdder acks = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final LongAdder notifications = new LongAdder();
    private final Latency ackLatency = new Latency();
    private final Latency notificationLatency = new Latency();
    private final Latency sseLatency = new Latency();
    private final long[] sentAt = new long[RING];
    private final Semaphore inFlight = new Semaphore(0);
    private volatile String firstError;
    /** Null when publishing over the link. */
    private HttpPublisher http;

    @Override
    public Integer call() throws Exception {
        if (instances < 1 || instances > 2 || instances == 2 && !store.equals("postgresql")) {
            throw new IllegalArgumentException("--instances is 1, or 2 with --store postgresql");
        }
        if (!publishOver.matches("link|http1|http2") || !httpBody.matches("xml|json")) {
            throw new IllegalArgumentException("--publish-over is link, http1 or http2; --http-body xml or json");
        }
        Map<String, String> storage = storageSettings();
        int httpPort = freePort();
        int secondHttpPort = freePort();
        try (FakeXmppServer link = new FakeXmppServer(DOMAIN);
             FakeXmppServer secondLink = new FakeXmppServer(DOMAIN);
             SseClients streams = new SseClients(clientThreads, sseLatency)) {
            link.start(inbound());
            try (ServerUnderTest server = ServerUnderTest.startBehind(link, httpPort, serverJavaOptions,
                    "direct-server.log", storage);
                 ServerUnderTest second = instances < 2 ? null : startSecond(secondLink, secondHttpPort, storage)) {
                setUp(link, streams, httpPort, second == null ? httpPort : secondHttpPort);
                try {
                    if (count > 0) {
                        burst(link, streams, server);
                    } else {
                        sustained(link, streams, server);
                    }
                } finally {
                    if (http != null) {
                        http.close();
                    }
                }
            }
        }
        return 0;
    }

    /** The second instance, on the same database, linked to a link of its own that carries nothing. */
    private ServerUnderTest startSecond(FakeXmppServer secondLink, int httpPort, Map<String, String> storage)
            throws Exception {
        secondLink.start(FakeXmppServer.Inbound.IGNORED);
        return ServerUnderTest.startBehind(secondLink, httpPort, serverJavaOptions, "direct-server-2.log", storage);
    }

    /** The server's storage settings; PostgreSQL's schema emptied, so that each run starts from nothing. */
    private Map<String, String> storageSettings() throws Exception {
        Map<String, String> settings = new java.util.HashMap<>();
        switch (archive) {
            case "on" -> settings.put("PUBSUB_ARCHIVE_ENABLED", "true");
            case "off" -> settings.put("PUBSUB_ARCHIVE_ENABLED", "false");
            default -> throw new IllegalArgumentException("--archive is on or off");
        }
        switch (store) {
            case "h2" -> settings.put("PUBSUB_STORAGE_SYNC", h2Sync ? "on" : "off");
            case "postgresql" -> {
                BenchPostgres.empty();
                settings.put("PUBSUB_STORAGE_URL", BenchPostgres.URL);
                settings.put("PUBSUB_STORAGE_USER", BenchPostgres.USER);
                settings.put("PUBSUB_STORAGE_PASSWORD", BenchPostgres.PASSWORD);
            }
            default -> throw new IllegalArgumentException("--store is h2 or postgresql");
        }
        return settings;
    }

    private FakeXmppServer.Inbound inbound() {
        return new FakeXmppServer.Inbound() {
            @Override
            public void iq(String id, boolean ok) {
                if (!ok) {
                    errors.increment();
                    if (firstError == null) {
                        firstError = id;
                    }
                }
                if (id != null && id.startsWith("p")) {
                    int seq = Integer.parseInt(id, 1, id.length(), 10);
                    ackLatency.record(System.nanoTime() - sentAt[seq & (RING - 1)]);
                    if (ok) {
                        acks.increment();
                    }
                }
                inFlight.release();
            }

            @Override
            public void message() {
                notifications.increment();
            }

            @Override
            public void tick(long sentNanos) {
                notificationLatency.record(System.nanoTime() - sentNanos);
            }
        };
    }

    /** An answer over HTTP, on the HTTP client's event loop: 202 acknowledges the publish, anything else is an error. */
    private void answered(int seq, int status) {
        ackLatency.record(System.nanoTime() - sentAt[seq & (RING - 1)]);
        if (status == 202) {
            acks.increment();
        } else {
            errors.increment();
            if (firstError == null) {
                firstError = "HTTP " + (status == HttpPublisher.FAILED ? "request failed" : status) + " to p" + seq;
            }
        }
        inFlight.release();
    }

    /** A publish token for {@link #PUBLISHER} from the ad-hoc command, over the link; then the HTTP connection(s). */
    private void connectHttp(FakeXmppServer link, int httpPort) throws Exception {
        link.startRecording();
        request(link, "<iq type='set' id='token' from='" + PUBLISHER + "' to='" + DOMAIN + "'>"
                + "<command xmlns='http://jabber.org/protocol/commands' node='urn:pubsubserver:publish-token'"
                + " action='execute'/></iq>");
        link.flush();
        awaitReplies(1, 30);
        if (errors.sum() > 0) {
            throw new IllegalStateException("the server refused the publish token; see target/bench/direct-server.log");
        }
        String token = link.awaitMatch(TOKEN_FIELD, 30);
        HttpPublisher.Target target = new HttpPublisher.Target(DOMAIN + ":" + httpPort, httpPort, "Bearer " + token,
                httpBody.equals("xml") ? "application/xml" : "application/json");
        http = publishOver.equals("http1")
                ? new Http1Publisher(target, connections(), this::answered)
                : new Http2Publisher(target, this::answered);
    }

    /** The HTTP/1.1 connections: --http-connections, or as many as the window up to 64. */
    private int connections() {
        return httpConnections > 0 ? httpConnections : Math.min(window, 64);
    }

    /** The node, its XMPP subscribers and its SSE streams. */
    private void setUp(FakeXmppServer link, SseClients streams, int httpPort, int secondHttpPort) throws Exception {
        inFlight.release(1);
        for (int i = 0; i < nodes; i++) {
            request(link, nodeSetup.createRequest("create" + i, DOMAIN, node(i)));
            link.flush();
            awaitReplies(1, 30);
        }
        if (errors.sum() > 0) {
            throw new IllegalStateException("the server refused to create the nodes; see target/bench/direct-server.log");
        }
        if (!publishOver.equals("link")) {
            connectHttp(link, httpPort);
        }
        long started = System.nanoTime();
        inFlight.release(window - 1);
        for (int i = 0; i < xmppSubscribers; i++) {
            String jid = "sub" + i + "@localhost";
            request(link, "<iq type='set' id='s" + i + "' from='" + jid + "/bench' to='" + DOMAIN + "'>"
                    + "<pubsub xmlns='http://jabber.org/protocol/pubsub'><subscribe node='" + NODE + "' jid='" + jid
                    + "'/></pubsub></iq>");
        }
        link.flush();
        awaitReplies(window, 600);
        if (errors.sum() > 0) {
            throw new IllegalStateException(errors.sum() + " subscriptions refused (first: " + firstError + ")");
        }
        if (xmppSubscribers > 0) {
            System.out.printf("%,d XMPP subscriptions made in %.1f s%n", xmppSubscribers,
                    (System.nanoTime() - started) / 1e9);
        }
        if (sse > 0) {
            int onSecond = instances < 2 ? 0 : switch (sseOn) {
                case "first" -> 0;
                case "second" -> sse;
                case "both" -> sse / 2;
                default -> throw new IllegalArgumentException("--sse-on is first, second or both");
            };
            if (sse - onSecond > 0) {
                streams.open(sse - onSecond, DOMAIN + ":" + httpPort, httpPort, "/eventsource/" + NODE,
                        Math.max(1, (sse - onSecond) / 1000));
            }
            if (onSecond > 0) {
                streams.open(onSecond, DOMAIN + ":" + secondHttpPort, secondHttpPort, "/eventsource/" + NODE,
                        Math.max(1, onSecond / 1000));
            }
            int streaming = streams.awaitStreaming(sse, 60);
            System.out.printf("%,d SSE streams open (%d refused)%s%n", streaming, streams.refused(),
                    instances < 2 ? "" : ", " + onSecond + " of them on the second instance");
        }
    }

    /** "link", or how the publishes go over HTTP. */
    private String transportDescription() {
        return switch (publishOver) {
            case "http1" -> "HTTP/1.1 (" + connections() + " keep-alive connections, " + httpBody + " bodies)";
            case "http2" -> "HTTP/2 (h2c, one connection, " + (http instanceof Http2Publisher h2
                    && h2.maxStreams() < window ? h2.maxStreams() + " streams at once (the server's limit), " : "")
                    + httpBody + " bodies)";
            default -> "link";
        };
    }

    private String storeDescription() {
        return (store.equals("h2") ? (h2Sync ? "H2, storage.sync on" : "H2")
                : "PostgreSQL, " + instances + " instance(s)" + (instances > 1 ? ", SSE on " + sseOn : ""))
                + ", archive " + archive;
    }

    /** Sends one request once a place in the window is free (flushing what is queued before waiting). */
    private void request(FakeXmppServer link, String stanza) throws InterruptedException {
        if (!inFlight.tryAcquire()) {
            link.flush();
            inFlight.acquire();
        }
        link.send(stanza);
    }

    /** Waits until every place in the window is free again, i.e. every request so far has its reply. */
    private void awaitReplies(int places, long seconds) throws InterruptedException {
        if (!inFlight.tryAcquire(places, seconds, TimeUnit.SECONDS)) {
            throw new IllegalStateException("requests still unanswered after " + seconds + " s");
        }
        inFlight.release(places);
    }

    /** Publishes for the warm-up, then measures for the duration. */
    private void sustained(FakeXmppServer link, SseClients streams, ServerUnderTest server) throws Exception {
        Publisher publisher = new Publisher(link);
        Thread thread = new Thread(publisher, "publisher");
        thread.start();
        watch(warmup, streams);
        int stalled = stallEvery > 0 ? streams.stallEvery(stallEvery) : 0;
        Snapshot before = new Snapshot(server, streams);
        ackLatency.reset();
        notificationLatency.reset();
        sseLatency.reset();
        watch(duration, streams);
        Snapshot after = new Snapshot(server, streams);
        Histogram acked = ackLatency.snapshot();
        Histogram notified = notificationLatency.snapshot();
        Histogram streamed = sseLatency.snapshot();
        publisher.stop();
        thread.join();
        awaitReplies(window, 60);
        long heap = server.heapUsedBytes(false);
        long rss = server.rssBytes();
        double seconds = (after.nanos - before.nanos) / 1e9;
        double published = (after.acks - before.acks) / seconds;
        double sseRate = (after.sseEvents - before.sseEvents) / seconds;
        double xmppRate = (after.notifications - before.notifications) / seconds;
        double cpu = (after.serverCpu - before.serverCpu) / 1e9;
        double kernelCpu = (after.serverKernelCpu - before.serverKernelCpu) / 1e9;
        double driverCpu = (after.driverCpu - before.driverCpu) / 1e9;
        double delivered = (after.sseEvents - before.sseEvents) + (after.notifications - before.notifications);
        System.out.printf("direct %s: window %d, rate %s, %d %s node(s), %,d SSE streams (%d stalled), %,d XMPP"
                        + " subscribers, %d s measured after %d s warm-up; store %s%n", transportDescription(), window,
                rate == 0 ? "max" : rate + "/s",
                nodes, nodeSetup, sse, stalled, xmppSubscribers, duration, warmup, storeDescription());
        System.out.printf("  publishes acknowledged  %,12.0f /s   ack latency p50/p90/p99/max %s%n", published,
                Latency.percentiles(acked));
        if (sse > 0) {
            System.out.printf("  SSE events delivered    %,12.0f /s   publish->event %s%n", sseRate,
                    Latency.percentiles(streamed));
        }
        if (xmppSubscribers > 0) {
            System.out.printf("  XMPP notifications      %,12.0f /s   publish->notification %s%n", xmppRate,
                    Latency.percentiles(notified));
        }
        System.out.printf("  server CPU %.2f cores (%.2f in the kernel); %.2f us per publish%s; heap %d MiB, RSS %d MiB%n",
                cpu / seconds, kernelCpu / seconds, cpu * 1e6 / Math.max(1, after.acks - before.acks),
                delivered > 0 ? String.format("; %.3f us per delivery", cpu * 1e6 / delivered) : "",
                heap >> 20, rss >> 20);
        System.out.printf("  driver CPU %.2f cores; errors %d%s; streams closed by the server %d%n", driverCpu / seconds,
                errors.sum(), firstError == null ? "" : " (first: " + firstError + ")", streams.closed());
    }

    /** Waits {@code seconds}, printing the rates of each second with --progress. */
    private void watch(int seconds, SseClients streams) throws InterruptedException {
        long acked = acks.sum();
        long events = streams.events();
        long notified = notifications.sum();
        for (int i = 0; i < seconds; i++) {
            Thread.sleep(1000);
            if (progress) {
                System.out.printf("  .. %,d publishes/s, %,d SSE events/s, %,d notifications/s%n", acks.sum() - acked,
                        streams.events() - events, notifications.sum() - notified);
            }
            acked = acks.sum();
            events = streams.events();
            notified = notifications.sum();
        }
    }

    /** Publishes exactly {@code count} items and reports the time until every delivery arrived. */
    private void burst(FakeXmppServer link, SseClients streams, ServerUnderTest server) throws Exception {
        long cpuBefore = server.cpuNanos();
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            publish(link, i);
        }
        link.flush();
        awaitReplies(window, 120);
        long acked = System.nanoTime();
        long expectedNotifications = (long) count * xmppSubscribers;
        long expectedEvents = (long) count * sse;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while ((notifications.sum() < expectedNotifications || streams.events() < expectedEvents)
                && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        long done = System.nanoTime();
        double cpu = (server.cpuNanos() - cpuBefore) / 1e9;
        System.out.printf("direct %s burst: %,d publish(es) to a %s node, %,d XMPP subscribers, %,d SSE streams%n",
                transportDescription(), count, nodeSetup, xmppSubscribers, sse);
        System.out.printf("  all acknowledged after %.1f ms; all delivered after %.1f ms%n", (acked - start) / 1e6,
                (done - start) / 1e6);
        System.out.printf("  delivered: %,d of %,d XMPP notifications, %,d of %,d SSE events; server CPU %.2f s%n",
                notifications.sum(), expectedNotifications, streams.events(), expectedEvents, cpu);
        System.out.printf("  heap %d MiB, RSS %d MiB, errors %d%n", server.heapUsedBytes(false) >> 20,
                server.rssBytes() >> 20, errors.sum());
    }

    private void publish(FakeXmppServer link, int seq) throws InterruptedException {
        if (!inFlight.tryAcquire()) {
            link.flush();
            inFlight.acquire();
        }
        long now = System.nanoTime();
        sentAt[seq & (RING - 1)] = now;
        if (http != null) {
            http.publish(seq, "/pubsub_post/" + node(seq % nodes), httpBody(now));
            return;
        }
        link.send("<iq type='set' id='p" + seq + "' from='" + PUBLISHER + "' to='" + DOMAIN + "'>"
                + "<pubsub xmlns='http://jabber.org/protocol/pubsub'><publish node='" + node(seq % nodes) + "'><item>"
                + "<tick xmlns='urn:bench' t='" + now + "'>" + padding() + "</tick></item></publish></pubsub></iq>");
    }

    /** The body of a publish over HTTP sent at {@code now}: the link's item payload, or JSON of the same size. */
    private ByteBuf httpBody(long now) {
        String body = httpBody.equals("xml")
                ? "<tick xmlns='urn:bench' t='" + now + "'>" + padding() + "</tick>"
                : "{\"t\":" + now + ",\"pad\":\"" + padding() + "\"}";
        return Unpooled.wrappedBuffer(body.getBytes(StandardCharsets.UTF_8));
    }

    private String padding;

    /** The name of the i-th node: the first is {@value #NODE}. */
    private static String node(int i) {
        return i == 0 ? NODE : NODE + "-" + i;
    }

    private String padding() {
        if (padding == null) {
            padding = "x".repeat(payloadBytes);
        }
        return padding;
    }

    /** Publishes until stopped, as fast as the window allows or at {@code rate} per second. */
    private final class Publisher implements Runnable {
        private final FakeXmppServer link;
        private volatile boolean stopped;

        Publisher(FakeXmppServer link) {
            this.link = link;
        }

        void stop() {
            stopped = true;
        }

        @Override
        public void run() {
            long start = System.nanoTime();
            try {
                for (int seq = 0; !stopped; seq++) {
                    if (rate > 0) {
                        long due = start + seq * 1_000_000_000L / rate;
                        long wait = due - System.nanoTime();
                        if (wait > 0) {
                            link.flush();
                            TimeUnit.NANOSECONDS.sleep(wait);
                        }
                    }
                    publish(link, seq);
                }
                link.flush();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The counters at one moment. */
    private final class Snapshot {
        final long nanos = System.nanoTime();
        final long acks = DirectLinkBench.this.acks.sum();
        final long notifications = DirectLinkBench.this.notifications.sum();
        final long sseEvents;
        final long serverCpu;
        final long serverKernelCpu;
        final long driverCpu = Bench.driverCpuNanos();

        Snapshot(ServerUnderTest server, SseClients streams) throws Exception {
            sseEvents = streams.events();
            serverCpu = server.cpuNanos();
            serverKernelCpu = server.kernelCpuNanos();
        }
    }

    static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
