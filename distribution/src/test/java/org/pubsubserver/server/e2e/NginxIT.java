package org.pubsubserver.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.launchdarkly.eventsource.ConnectStrategy;
import com.launchdarkly.eventsource.ErrorStrategy;
import com.launchdarkly.eventsource.EventSource;
import com.launchdarkly.eventsource.MessageEvent;
import com.launchdarkly.eventsource.StreamException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import javax.net.SocketFactory;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.pubsub.Item;
import org.jivesoftware.smackx.pubsub.LeafNode;
import org.jivesoftware.smackx.pubsub.PayloadItem;
import org.jivesoftware.smackx.pubsub.PubSubManager;
import org.jivesoftware.smackx.pubsub.SimplePayload;
import org.jivesoftware.smackx.pubsub.form.FillableConfigureForm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jxmpp.jid.impl.JidCreate;

/**
 * Issue 14: the distribution's nginx configuration ({@code conf/nginx-pubsub.conf}) run by a real nginx in front
 * of two instances of the built distribution on one PostgreSQL, linked to ejabberd. An EventSource client
 * reads a node's stream through nginx; its instance is killed; the client reconnects through nginx with
 * Last-Event-ID, lands on the other instance and gets everything published meanwhile, nothing twice.
 *
 * <p>Which instance serves a stream: each instance logs the streams it opens with the client's address (the
 * test turns that debug line on), and the readers come from addresses of their own (127.0.0.2, 127.0.0.3:
 * all of 127/8 is loopback on Linux) while nginx reaches the instances from 127.0.0.1. So one log line says
 * both where a stream is and that the instance saw the reader's address, not nginx's.
 */
class NginxIT {
    private static final String PAYLOAD_NS = "urn:example:nginx";
    private static final String READER = "127.0.0.2";
    private static final String BYSTANDER = "127.0.0.3";
    private static String databaseUrl;

    @TempDir
    Path work;

    private final List<ServerProcess> servers = new ArrayList<>();
    private final List<XMPPTCPConnection> clients = new ArrayList<>();
    private final List<EventSource> streams = new ArrayList<>();
    private NginxProcess nginx;

    @BeforeAll
    static void startServers() throws Exception {
        NginxProcess.install();
        databaseUrl = TestServers.startPostgresql();
        TestServers.start(TestServers.Kind.EJABBERD);
    }

    @AfterAll
    static void stopServers() throws Exception {
        EndToEndScenario.stopQuietly(TestServers.Kind.EJABBERD);
        TestServers.stopPostgresql();
    }

    @AfterEach
    void stopAll() throws Exception {
        streams.forEach(EventSource::close);
        clients.forEach(XMPPTCPConnection::disconnect);
        if (nginx != null) {
            nginx.close();
        }
        for (ServerProcess server : servers) {
            server.close();
        }
    }

    /**
     * An instance linked to ejabberd, on the shared database, behind nginx ({@code http.trusted-proxies}
     * 127.0.0.1), logging the streams it opens.
     */
    private Instance instance(String name) throws Exception {
        Files.createDirectories(Path.of("target", "e2e-logs"));
        Path log = Path.of("target", "e2e-logs", "NginxIT-" + name + ".log").toAbsolutePath();
        Files.deleteIfExists(log);
        int httpPort = StreamEvents.freePort();
        Map<String, String> environment = new HashMap<>();
        environment.put("PUBSUB_XMPP_PORT", Integer.toString(TestServers.Kind.EJABBERD.componentPort));
        environment.put("PUBSUB_XMPP_SECRET", TestServers.SECRET);
        environment.put("PUBSUB_XMPP_INITIAL_BACKOFF", "200ms");
        environment.put("PUBSUB_HTTP_PORT", Integer.toString(httpPort));
        environment.put("PUBSUB_HTTP_TRUSTED_PROXIES", "127.0.0.1");
        environment.put("PUBSUB_STORAGE_DATA_DIR", work.resolve(name).toString());
        environment.put("PUBSUB_STORAGE_URL", databaseUrl);
        environment.put("PUBSUB_STORAGE_USER", "pubsub");
        environment.put("PUBSUB_STORAGE_PASSWORD", TestServers.SECRET);
        environment.put("JAVA_OPTS", "-Dlogback.configurationFile=" + streamLogging());
        ServerProcess process = ServerProcess.start(environment, log);
        servers.add(process);
        return new Instance(name, process, httpPort);
    }

    private record Instance(String name, ServerProcess process, int httpPort) {
    }

    /** The distribution's logback.xml with the line each opened stream gets ("SSE stream of node ... opened for ..."). */
    private Path streamLogging() throws IOException {
        Path file = work.resolve("logback-streams.xml");
        if (!Files.exists(file)) {
            Path distribution = ServerProcess.launcher().getParent().getParent();
            String shipped = Files.readString(distribution.resolve("conf/logback.xml"));
            assertThat(shipped).contains("<root ");
            Files.writeString(file, shipped.replace("<root ",
                    "<logger name=\"org.pubsubserver.http.sse.NodeStreamRoute\" level=\"DEBUG\"/>\n  <root "));
        }
        return file;
    }

    private static String opened(String node, String client) {
        return "SSE stream of node " + node + " opened for " + client + " (via 127.0.0.1) (";
    }

    /** The instance that logs having opened {@code node}'s stream for {@code client}, within 20 s. */
    private static Instance servingInstance(String node, String client, List<Instance> instances) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            for (Instance instance : instances) {
                if (instance.process().log().contains(opened(node, client))) {
                    return instance;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no instance opened a stream of " + node + " for " + client + " (via 127.0.0.1)");
    }

    private XMPPTCPConnection login(String user) throws Exception {
        XMPPTCPConnection connection = XmppClients.login(TestServers.Kind.EJABBERD, user, user + "pass");
        clients.add(connection);
        return connection;
    }

    private static PubSubManager pubsub(XMPPTCPConnection connection) throws Exception {
        return PubSubManager.getInstanceFor(connection, JidCreate.bareFrom(TestServers.COMPONENT));
    }

    private static LeafNode createNode(XMPPTCPConnection owner, String name) throws Exception {
        FillableConfigureForm form = pubsub(owner).getDefaultConfiguration().getFillableForm();
        form.setMaxItems(1000);
        pubsub(owner).createNode(name, form);
        return pubsub(owner).getLeafNode(name);
    }

    /**
     * Publishes {@code prefix}0.. one after the other, each acknowledged before the next. ejabberd spreads the
     * publishes over both links; one it hands to a link that has just died goes unanswered (not committed:
     * the process is gone) and is sent again.
     */
    private static void publish(LeafNode node, String prefix, int count, List<String> published) throws Exception {
        for (int i = 0; i < count; i++) {
            String id = prefix + i;
            for (int attempt = 1; ; attempt++) {
                try {
                    node.publish(new PayloadItem<>(id,
                            new SimplePayload("<entry xmlns='" + PAYLOAD_NS + "'>" + id + "</entry>")));
                    published.add(id);
                    break;
                } catch (Exception e) {
                    if (attempt == 3) {
                        throw e;
                    }
                }
            }
        }
    }

    /**
     * An EventSource client of {@code node}'s stream through nginx, from the loopback address {@code from}. It
     * reconnects by itself (with Last-Event-ID) when the stream breaks, but only once the test lets it
     * ({@link Reader#resume}), so that the test can publish while it has no stream.
     */
    private Reader read(int nginxPort, String node, String from) throws Exception {
        InetAddress local = InetAddress.getByName(from);
        URI uri = URI.create("http://" + TestServers.COMPONENT + ":" + nginxPort + "/eventsource/" + node);
        Reader reader = new Reader();
        EventSource source = new EventSource.Builder(ConnectStrategy.http(uri)
                .clientBuilderActions(client -> client
                        .dns(host -> List.of(InetAddress.getLoopbackAddress()))
                        .socketFactory(boundTo(local)))
                .readTimeout(30, TimeUnit.SECONDS))
                .errorStrategy(reader.strategy)
                .build();
        streams.add(source);
        StreamEvents.collect(source, reader.events);
        return reader;
    }

    private static final class Reader {
        final BlockingQueue<MessageEvent> events = new LinkedBlockingQueue<>();
        final AtomicInteger faults = new AtomicInteger();
        final CountDownLatch broken = new CountDownLatch(1);
        final CountDownLatch resume = new CountDownLatch(1);
        final ErrorStrategy strategy = new ErrorStrategy() {
            @Override
            public Result apply(StreamException cause) {
                faults.incrementAndGet();
                broken.countDown();
                try {
                    resume.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return new Result(Action.THROW, null);
                }
                return new Result(Action.CONTINUE, null);
            }
        };
    }

    /** Unconnected sockets bound to {@code local}: the client's side of its connections (OkHttp connects them). */
    private static SocketFactory boundTo(InetAddress local) {
        return new SocketFactory() {
            @Override
            public Socket createSocket() throws IOException {
                Socket socket = new Socket();
                socket.bind(new InetSocketAddress(local, 0));
                return socket;
            }

            @Override
            public Socket createSocket(String host, int port) throws IOException {
                return createSocket(InetAddress.getByName(host), port);
            }

            @Override
            public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
                return new Socket(host, port, localHost, localPort);
            }

            @Override
            public Socket createSocket(InetAddress host, int port) throws IOException {
                Socket socket = createSocket();
                socket.connect(new InetSocketAddress(host, port));
                return socket;
            }

            @Override
            public Socket createSocket(InetAddress host, int port, InetAddress localHost, int localPort)
                    throws IOException {
                return new Socket(host, port, localHost, localPort);
            }
        };
    }

    /** Event ids are the node's sequence: one more per item, so a gap or a repeat shows. */
    private static void assertConsecutiveIds(List<MessageEvent> events) {
        long first = Long.parseLong(events.get(0).getLastEventId());
        for (int i = 0; i < events.size(); i++) {
            assertThat(Long.parseLong(events.get(i).getLastEventId())).as("id of event %d", i).isEqualTo(first + i);
        }
    }

    @Test
    void aStreamThroughNginxResumesOnTheOtherInstanceWithLastEventIdWhenItsInstanceIsKilled() throws Exception {
        Instance one = instance("one");
        Instance two = instance("two");
        one.process().awaitLinkUp();
        two.process().awaitLinkUp();
        int nginxPort = StreamEvents.freePort();
        nginx = NginxProcess.start(work.resolve("nginx"),
                NginxProcess.withPorts(NginxProcess.shippedConfig(), nginxPort, one.httpPort(), two.httpPort()),
                nginxPort);
        XMPPTCPConnection alice = login("alice");
        alice.setReplyTimeout(3000);
        String node = "nginx-" + UUID.randomUUID();
        LeafNode aliceNode = createNode(alice, node);

        // The reader's stream, then a bystander's: least_conn sends the second to the instance without a stream.
        // Each instance names the reader's own address, not nginx's (127.0.0.1), which it sees as the proxy.
        Reader reader = read(nginxPort, node, READER);
        Instance doomed = servingInstance(node, READER, List.of(one, two));
        Reader bystander = read(nginxPort, node, BYSTANDER);
        Instance survivor = servingInstance(node, BYSTANDER, List.of(one, two));
        assertThat(survivor).as("the bystander's stream is on the other instance (least_conn)").isNotEqualTo(doomed);
        assertThat(doomed.process().log() + survivor.process().log())
                .as("no stream is attributed to nginx's own address")
                .doesNotContain("SSE stream of node " + node + " opened for 127.0.0.1");

        List<String> published = new ArrayList<>();
        publish(aliceNode, "before-", 10, published);
        List<MessageEvent> before = StreamEvents.take(reader.events, 10);
        assertThat(before).extracting(StreamEvents::itemOf).containsExactlyElementsOf(published);

        // kill -9 of the reader's instance: nginx ends the stream, the reader waits for the test's go
        doomed.process().kill();
        assertThat(reader.broken.await(20, TimeUnit.SECONDS)).as("the reader's stream broke").isTrue();
        publish(aliceNode, "meanwhile-", 10, published); // the reader has no stream now
        reader.resume.countDown();

        // the reconnect goes through nginx to the instance that is up, with the last id the reader saw. least_conn
        // offers it the dead instance first (no stream, against the bystander's one; a stream cut mid-way is no
        // failed attempt to nginx), whose refused connection sends it on to the next (proxy_next_upstream error)
        survivor.process().awaitLog(Pattern.quote(opened(node, READER) + "10 replayed)"), Duration.ofSeconds(20));
        assertThat(nginx.errorLog()).as("nginx tried the dead instance and moved on")
                .containsPattern("connect\\(\\) failed \\(111: Connection refused\\) while connecting to upstream,"
                        + " client: " + Pattern.quote(READER) + ", .*upstream: \"http://127\\.0\\.0\\.1:"
                        + doomed.httpPort() + "/eventsource/");
        publish(aliceNode, "after-", 10, published);
        List<MessageEvent> all = new ArrayList<>(before);
        all.addAll(StreamEvents.take(reader.events, 20));
        assertThat(all).extracting(StreamEvents::itemOf).as("every item once, in order").containsExactlyElementsOf(published);
        assertConsecutiveIds(all);
        assertThat(reader.events.poll(500, TimeUnit.MILLISECONDS)).as("nothing twice").isNull();
        assertThat(reader.faults).as("the stream broke once, at the kill").hasValue(1);

        // the bystander's stream, on the survivor all along, got the same
        List<MessageEvent> seenByBystander = StreamEvents.take(bystander.events, 30);
        assertThat(seenByBystander).extracting(StreamEvents::itemOf).containsExactlyElementsOf(published);
        assertThat(seenByBystander).extracting(MessageEvent::getLastEventId)
                .containsExactlyElementsOf(all.stream().map(MessageEvent::getLastEventId).toList());
        assertThat(bystander.faults).hasValue(0);

        List<Item> stored = aliceNode.getItems();
        assertThat(stored).extracting(Item::getId).as("only acknowledged items").containsExactlyElementsOf(published);
        assertThat(survivor.process().log()).doesNotContain(" ERROR ");
    }

}
