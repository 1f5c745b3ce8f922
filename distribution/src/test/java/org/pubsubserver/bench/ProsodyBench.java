package org.pubsubserver.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.jivesoftware.smack.ConnectionConfiguration.SecurityMode;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration;
import org.jivesoftware.smackx.pubsub.LeafNode;
import org.jivesoftware.smackx.pubsub.PayloadItem;
import org.jivesoftware.smackx.pubsub.PubSubManager;
import org.jivesoftware.smackx.pubsub.PublishItem;
import org.jivesoftware.smackx.pubsub.SimplePayload;
import org.jivesoftware.smackx.pubsub.packet.PubSub;
import org.jxmpp.jid.impl.JidCreate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * End to end through a real XMPP server: our server is Prosody's component (the project's test Prosody,
 * started by scripts/bench.sh through scripts/test-servers.sh), Smack clients publish over c2s with a
 * window of requests in flight and others receive the notifications. Reports as the direct benchmark does,
 * with Prosody's CPU beside ours, since a c2s publish crosses Prosody twice and each notification once.
 */
@Command(name = "prosody", mixinStandardHelpOptions = true,
        description = "Publishes through the test Prosody with Smack clients, with Smack subscribers.")
final class ProsodyBench implements Callable<Integer> {
    private static final String NODE = "bench";
    private static final int C2S_PORT = 25222;
    private static final int COMPONENT_PORT = 25347;

    @Option(names = "--window", description = "Publish requests in flight (default ${DEFAULT-VALUE}).")
    int window = 128;
    @Option(names = "--duration", description = "Seconds measured (default ${DEFAULT-VALUE}).")
    int duration = 10;
    @Option(names = "--warmup", description = "Seconds of publishing before measuring (default ${DEFAULT-VALUE}).")
    int warmup = 15;
    @Option(names = "--subscribers", description = "Subscribed clients, of bob and carol (default ${DEFAULT-VALUE}).")
    int subscribers = 2;
    @Option(names = "--server-java-opts", description = "JAVA_OPTS of the server process (default '${DEFAULT-VALUE}').")
    String serverJavaOptions = "";
    @Option(names = "--sse", description = "SSE streams open on the node, which has the service's default"
            + " configuration (default ${DEFAULT-VALUE}).")
    int sse;

    /** Held here: java.util.logging keeps loggers weakly, and a collected one loses the level set on it. */
    private static final java.util.logging.Logger SMACK_CONNECTION_LOG =
            java.util.logging.Logger.getLogger("org.jivesoftware.smack.AbstractXMPPConnection");

    private final LongAdder acks = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final LongAdder notifications = new LongAdder();
    private final Latency ackLatency = new Latency();
    private final Latency notificationLatency = new Latency();
    private final Latency sseLatency = new Latency();
    private final Semaphore inFlight = new Semaphore(0);
    private volatile boolean stopped;

    @Override
    public Integer call() throws Exception {
        // Smack logs each time many of its async callbacks run at once: expected with 128 in flight
        SMACK_CONNECTION_LOG.setLevel(java.util.logging.Level.SEVERE);
        Path logs = Files.createDirectories(Path.of("target", "bench"));
        int httpPort = DirectLinkBench.freePort();
        try (ServerUnderTest server = ServerUnderTest.start(Bench.distribution(), ServerUnderTest.withoutConnectionLimits(
                Map.of("PUBSUB_XMPP_DOMAIN", "pubsub.localhost", "PUBSUB_XMPP_PORT", Integer.toString(COMPONENT_PORT),
                        "PUBSUB_XMPP_SECRET", "test-secret", "PUBSUB_HTTP_PORT", Integer.toString(httpPort))),
                serverJavaOptions, logs.resolve("prosody-server.log"));
             SseClients streams = new SseClients(1, sseLatency)) {
            server.awaitLog("is connected", 60);
            XMPPTCPConnection publisher = login("alice", "alicepass");
            List<XMPPTCPConnection> readers = new ArrayList<>();
            String[][] accounts = {{"bob", "bobpass"}, {"carol", "carolpass"}};
            for (int i = 0; i < subscribers; i++) {
                readers.add(login(accounts[i % 2][0], accounts[i % 2][1]));
            }
            try {
                run(server, publisher, readers, streams, httpPort);
            } finally {
                publisher.disconnect();
                readers.forEach(XMPPTCPConnection::disconnect);
            }
        }
        return 0;
    }

    private static XMPPTCPConnection login(String user, String password) throws Exception {
        XMPPTCPConnection connection = new XMPPTCPConnection(XMPPTCPConnectionConfiguration.builder()
                .setXmppDomain("localhost").setHost("127.0.0.1").setPort(C2S_PORT)
                .setUsernameAndPassword(user, password).setResource("bench-" + System.nanoTime())
                .setSecurityMode(SecurityMode.disabled).build());
        connection.setReplyTimeout(60_000);
        connection.connect().login();
        return connection;
    }

    private void run(ServerUnderTest server, XMPPTCPConnection publisher, List<XMPPTCPConnection> readers,
                     SseClients streams, int httpPort) throws Exception {
        PubSubManager owner = PubSubManager.getInstanceFor(publisher, JidCreate.domainBareFrom("pubsub.localhost"));
        LeafNode node = owner.createNode(NODE);
        if (sse > 0) {
            streams.open(sse, "pubsub.localhost:" + httpPort, httpPort, "/eventsource/" + NODE, Math.max(1, sse / 1000));
            System.out.printf("%,d SSE streams open (%d refused)%n", streams.awaitStreaming(sse, 60), streams.refused());
        }
        for (XMPPTCPConnection reader : readers) {
            reader.addAsyncStanzaListener(stanza -> {
                notifications.increment();
                String xml = stanza.toXML().toString();
                int at = xml.indexOf(" t='");
                at = at >= 0 ? at : xml.indexOf(" t=\"");
                if (at >= 0) {
                    byte[] bytes = xml.getBytes(StandardCharsets.US_ASCII);
                    notificationLatency.record(System.nanoTime() - TagScanner.number(bytes, at + 4, bytes.length));
                }
            }, stanza -> stanza instanceof Message message && message.hasExtension("event",
                    "http://jabber.org/protocol/pubsub#event"));
            PubSubManager.getInstanceFor(reader, JidCreate.domainBareFrom("pubsub.localhost")).getLeafNode(NODE)
                    .subscribe(reader.getUser().asEntityBareJid());
        }
        inFlight.release(window);
        Thread thread = new Thread(() -> publish(publisher, node), "publisher");
        thread.start();
        Thread.sleep(TimeUnit.SECONDS.toMillis(warmup));
        long cpu0 = server.cpuNanos();
        long prosody0 = prosodyCpuNanos();
        long driver0 = Bench.driverCpuNanos();
        long acks0 = acks.sum();
        long notified0 = notifications.sum();
        long events0 = streams.events();
        long t0 = System.nanoTime();
        ackLatency.reset();
        notificationLatency.reset();
        sseLatency.reset();
        Thread.sleep(TimeUnit.SECONDS.toMillis(duration));
        double seconds = (System.nanoTime() - t0) / 1e9;
        long published = acks.sum() - acks0;
        long notified = notifications.sum() - notified0;
        long events = streams.events() - events0;
        double cpu = (server.cpuNanos() - cpu0) / 1e9;
        double prosodyCpu = (prosodyCpuNanos() - prosody0) / 1e9;
        double driverCpu = (Bench.driverCpuNanos() - driver0) / 1e9;
        Histogram acked = ackLatency.snapshot();
        Histogram notifiedLatency = notificationLatency.snapshot();
        Histogram streamed = sseLatency.snapshot();
        stopped = true;
        thread.join();
        inFlight.tryAcquire(window, 60, TimeUnit.SECONDS);
        System.out.printf("through Prosody (c2s -> Prosody -> component link): window %d, %d subscribed clients,"
                + " %,d SSE streams, a default node, %d s measured after %d s warm-up%n", window, readers.size(), sse,
                duration, warmup);
        System.out.printf("  publishes acknowledged  %,12.0f /s   ack latency p50/p90/p99/max %s%n", published / seconds,
                Latency.percentiles(acked));
        System.out.printf("  notifications received %,12.0f /s   publish->notification %s%n", notified / seconds,
                Latency.percentiles(notifiedLatency));
        if (sse > 0) {
            System.out.printf("  SSE events delivered    %,12.0f /s   publish->event %s%n", events / seconds,
                    Latency.percentiles(streamed));
        }
        long delivered = notified + events;
        System.out.printf("  server CPU %.2f cores (%.1f us per publish%s); Prosody CPU %.2f cores; driver CPU %.2f cores;"
                + " errors %d%s%n", cpu / seconds, cpu * 1e6 / Math.max(1, published),
                delivered > 0 ? String.format("; %.3f us per delivery", cpu * 1e6 / delivered) : "",
                prosodyCpu / seconds, driverCpu / seconds, errors.sum(),
                sse > 0 ? "; streams closed by the server " + streams.closed() : "");
    }


    private void publish(XMPPTCPConnection publisher, LeafNode node) {
        try {
            for (long seq = 0; !stopped; seq++) {
                inFlight.acquire();
                long sent = System.nanoTime();
                PubSub request = PubSub.createPubsubPacket(JidCreate.domainBareFrom("pubsub.localhost"), IQ.Type.set,
                        new PublishItem<>(NODE, new PayloadItem<>(new SimplePayload(
                                "<tick xmlns='urn:bench' t='" + sent + "'>" + "x".repeat(100) + "</tick>"))));
                publisher.sendIqRequestAsync(request).onSuccess(result -> {
                    acks.increment();
                    ackLatency.record(System.nanoTime() - sent);
                    inFlight.release();
                }).onError(failure -> {
                    errors.increment();
                    inFlight.release();
                });
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** CPU time of the test Prosody's process (the Lua interpreter running prosody). */
    private static long prosodyCpuNanos() throws Exception {
        Process pgrep = new ProcessBuilder("pgrep", "-f", "prosody.cfg.lua").start();
        String pids = new String(pgrep.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
        long total = 0;
        for (String pid : pids.split("\\s+")) {
            if (!pid.isEmpty() && Files.exists(Path.of("/proc", pid, "stat"))) {
                total += ServerUnderTest.cpuNanosOf(Long.parseLong(pid));
            }
        }
        return total;
    }


}
