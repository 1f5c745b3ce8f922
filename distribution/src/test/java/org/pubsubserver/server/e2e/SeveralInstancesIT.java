package org.pubsubserver.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.launchdarkly.eventsource.ConnectStrategy;
import com.launchdarkly.eventsource.EventSource;
import com.launchdarkly.eventsource.MessageEvent;
import java.net.InetAddress;
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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.pubsub.Item;
import org.jivesoftware.smackx.pubsub.LeafNode;
import org.jivesoftware.smackx.pubsub.PayloadItem;
import org.jivesoftware.smackx.pubsub.PubSubManager;
import org.jivesoftware.smackx.pubsub.SimplePayload;
import org.jivesoftware.smackx.pubsub.form.FillableConfigureForm;
import org.jivesoftware.smackx.pubsub.listener.ItemEventListener;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import org.jxmpp.jid.impl.JidCreate;

/**
 * Issue 14: several instances of the built distribution serve one component domain from one PostgreSQL (the
 * script's), with real XMPP servers and real clients. ejabberd takes a link from each instance and spreads stanzas
 * over them; Prosody takes one, and the other instance stands by until it can take over.
 */
class SeveralInstancesIT {
    private static final String PAYLOAD_NS = "urn:example:instances";
    private static String databaseUrl;

    @TempDir
    Path work;

    private final List<ServerProcess> servers = new ArrayList<>();
    private final List<XMPPTCPConnection> clients = new ArrayList<>();
    private final List<EventSource> streams = new ArrayList<>();
    private String testName;

    @BeforeAll
    static void startServers() throws Exception {
        databaseUrl = TestServers.startPostgresql();
        TestServers.start(TestServers.Kind.EJABBERD);
        TestServers.start(TestServers.Kind.PROSODY);
    }

    @AfterAll
    static void stopServers() throws Exception {
        EndToEndScenario.stopQuietly(TestServers.Kind.EJABBERD);
        EndToEndScenario.stopQuietly(TestServers.Kind.PROSODY);
        TestServers.stopPostgresql();
    }

    @org.junit.jupiter.api.BeforeEach
    void name(TestInfo test) {
        testName = test.getTestMethod().orElseThrow().getName();
    }

    @AfterEach
    void stopAll() throws Exception {
        streams.forEach(EventSource::close);
        clients.forEach(XMPPTCPConnection::disconnect);
        for (ServerProcess server : servers) {
            server.close();
        }
    }

    /** An instance linked to {@code kind}, on the shared database, with its own HTTP port and data folder. */
    private Instance instance(TestServers.Kind kind, String name) throws Exception {
        Files.createDirectories(Path.of("target", "e2e-logs"));
        Path log = Path.of("target", "e2e-logs", "SeveralInstancesIT-" + testName + "-" + name + ".log").toAbsolutePath();
        Files.deleteIfExists(log);
        int httpPort = StreamEvents.freePort();
        Map<String, String> environment = new HashMap<>();
        environment.put("PUBSUB_XMPP_PORT", Integer.toString(kind.componentPort));
        environment.put("PUBSUB_XMPP_SECRET", TestServers.SECRET);
        environment.put("PUBSUB_XMPP_INITIAL_BACKOFF", "200ms");
        environment.put("PUBSUB_XMPP_STANDBY_RETRY", "1s");
        environment.put("PUBSUB_HTTP_PORT", Integer.toString(httpPort));
        environment.put("PUBSUB_STORAGE_DATA_DIR", work.resolve(name).toString());
        environment.put("PUBSUB_STORAGE_URL", databaseUrl);
        environment.put("PUBSUB_STORAGE_USER", "pubsub");
        environment.put("PUBSUB_STORAGE_PASSWORD", TestServers.SECRET);
        ServerProcess process = ServerProcess.start(environment, log);
        servers.add(process);
        return new Instance(process, httpPort);
    }

    private record Instance(ServerProcess process, int httpPort) {
    }

    /** Two instances linked to ejabberd (which takes both links), each named for its log, once both links are up. */
    private List<Instance> linkedToEjabberd(String first, String second) throws Exception {
        List<Instance> linked = List.of(instance(TestServers.Kind.EJABBERD, first),
                instance(TestServers.Kind.EJABBERD, second));
        for (Instance instance : linked) {
            instance.process().awaitLinkUp();
        }
        return linked;
    }

    private XMPPTCPConnection login(TestServers.Kind kind, String user) throws Exception {
        XMPPTCPConnection connection = XmppClients.login(kind, user, user + "pass");
        clients.add(connection);
        return connection;
    }

    private static PubSubManager pubsub(XMPPTCPConnection connection) throws Exception {
        return PubSubManager.getInstanceFor(connection, JidCreate.bareFrom(TestServers.COMPONENT));
    }

    /** An open node that keeps up to 1000 items, made by {@code owner}. */
    private static LeafNode createNode(XMPPTCPConnection owner, String name) throws Exception {
        FillableConfigureForm form = pubsub(owner).getDefaultConfiguration().getFillableForm();
        form.setMaxItems(1000);
        pubsub(owner).createNode(name, form);
        return pubsub(owner).getLeafNode(name);
    }

    private static PayloadItem<SimplePayload> item(String id) {
        return new PayloadItem<>(id, new SimplePayload("<entry xmlns='" + PAYLOAD_NS + "'>" + id + "</entry>"));
    }

    /** An EventSource client on one instance's stream of the node, from {@code lastEventId} when not null. */
    private BlockingQueue<MessageEvent> stream(Instance instance, String node, String lastEventId) {
        URI uri = URI.create("http://" + TestServers.COMPONENT + ":" + instance.httpPort() + "/eventsource/" + node);
        EventSource.Builder builder = new EventSource.Builder(ConnectStrategy.http(uri)
                .clientBuilderActions(client -> client.dns(host -> List.of(InetAddress.getLoopbackAddress())))
                .readTimeout(30, TimeUnit.SECONDS));
        if (lastEventId != null) {
            builder.lastEventId(lastEventId);
        }
        EventSource source = builder.build();
        streams.add(source);
        return StreamEvents.collect(source, new LinkedBlockingQueue<>());
    }

    @Test
    void twoInstancesLinkedToEjabberdDeliverEveryItemOnceInOrderToSubscribersAndStreamsOnBoth() throws Exception {
        List<Instance> linked = linkedToEjabberd("one", "other");
        Instance one = linked.get(0);
        Instance other = linked.get(1);
        XMPPTCPConnection alice = login(TestServers.Kind.EJABBERD, "alice");
        XMPPTCPConnection bob = login(TestServers.Kind.EJABBERD, "bob");
        XMPPTCPConnection carol = login(TestServers.Kind.EJABBERD, "carol");
        String node = "instances-" + UUID.randomUUID();
        LeafNode aliceNode = createNode(alice, node);
        List<List<String>> notified = new ArrayList<>();
        for (XMPPTCPConnection subscriber : List.of(bob, carol)) {
            LeafNode leaf = pubsub(subscriber).getLeafNode(node);
            List<String> ids = new CopyOnWriteArrayList<>();
            ItemEventListener<Item> listener = event -> event.getItems().forEach(i -> ids.add(i.getId()));
            leaf.addItemEventListener(listener);
            leaf.subscribe(subscriber.getUser().asBareJid());
            notified.add(ids);
        }
        BlockingQueue<MessageEvent> onOne = stream(one, node, null);
        BlockingQueue<MessageEvent> onOther = stream(other, node, null);
        Thread.sleep(500); // both streams open (an open stream gets no replay without Last-Event-ID)

        List<String> published = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            String id = "item-" + i;
            aliceNode.publish(item(id)); // ejabberd hands each publish to either instance
            published.add(id);
        }
        for (BlockingQueue<MessageEvent> events : List.of(onOne, onOther)) {
            List<MessageEvent> got = StreamEvents.take(events, 30);
            assertThat(got).extracting(StreamEvents::itemOf).containsExactlyElementsOf(published);
            assertThat(got).extracting(e -> Long.parseLong(e.getLastEventId())).isSorted().doesNotHaveDuplicates();
            assertThat(events.poll(500, TimeUnit.MILLISECONDS)).as("nothing twice").isNull();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (notified.stream().anyMatch(ids -> ids.size() < 30) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        Thread.sleep(300);
        for (List<String> ids : notified) {
            assertThat(ids).as("each notification once, in order").containsExactlyElementsOf(published);
        }
        assertThat(one.process().log() + other.process().log()).doesNotContain(" ERROR ");
    }

    /**
     * XEP-0060 §12.6 (pubsub#presence_based_delivery): ejabberd hands bob's presence to one instance and alice's
     * publishes to either; notifications from both instances follow the presence one of them saw.
     */
    @Test
    void presenceSeenByOneInstanceDecidesPresenceBasedDeliveryFromEither_12_6() throws Exception {
        List<Instance> linked = linkedToEjabberd("one", "other");
        Instance one = linked.get(0);
        Instance other = linked.get(1);
        XMPPTCPConnection alice = login(TestServers.Kind.EJABBERD, "alice");
        XMPPTCPConnection bob = login(TestServers.Kind.EJABBERD, "bob");
        String node = "presence-" + UUID.randomUUID();
        FillableConfigureForm form = pubsub(alice).getDefaultConfiguration().getFillableForm();
        form.setPresenceBasedDelivery(true);
        pubsub(alice).createNode(node, form);
        LeafNode aliceNode = pubsub(alice).getLeafNode(node);
        LeafNode bobNode = pubsub(bob).getLeafNode(node);
        List<String> notified = new CopyOnWriteArrayList<>();
        ItemEventListener<Item> listener = event -> event.getItems().forEach(i -> notified.add(i.getId()));
        bobNode.addItemEventListener(listener);
        bobNode.subscribe(bob.getUser().asBareJid());

        // bob is available to the service: one instance is told
        bob.sendStanza(bob.getStanzaFactory().buildPresenceStanza().to(JidCreate.bareFrom(TestServers.COMPONENT)).build());
        Thread.sleep(500);
        List<String> published = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            aliceNode.publish(item("online-" + i));
            published.add("online-" + i);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (notified.size() < published.size() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(notified).as("every publish, whichever instance committed it").containsExactlyElementsOf(published);

        // bob leaves: one instance is told, and neither notifies him any more
        bob.sendStanza(bob.getStanzaFactory().buildPresenceStanza().ofType(
                org.jivesoftware.smack.packet.Presence.Type.unavailable).to(JidCreate.bareFrom(TestServers.COMPONENT)).build());
        Thread.sleep(500);
        for (int i = 0; i < 10; i++) {
            aliceNode.publish(item("offline-" + i));
        }
        Thread.sleep(1000);
        assertThat(notified).as("nothing while unavailable").containsExactlyElementsOf(published);
    }

    /**
     * ejabberd routes each stanza for the component over a link it picks: the answer to one instance's roster
     * request (XEP-0356 §2.3) may reach the other. Both instances offer and decide the presence and roster access
     * models (§4.5) without waiting for a lost answer (the clients wait 4 s, less than the service waits for a roster:
     * an answer lost on the other instance fails the request), and a stream token made by one opens streams on both.
     */
    @Test
    void rosterAccessModelsAndStreamTokensWorkWhicheverInstanceEjabberdHandsAStanzaTo_4_5() throws Exception {
        List<Instance> linked = linkedToEjabberd("one", "other");
        Instance one = linked.get(0);
        Instance other = linked.get(1);
        XMPPTCPConnection alice = login(TestServers.Kind.EJABBERD, "alice");
        XMPPTCPConnection bob = login(TestServers.Kind.EJABBERD, "bob");
        XMPPTCPConnection carol = login(TestServers.Kind.EJABBERD, "carol");
        for (XMPPTCPConnection client : List.of(alice, bob, carol)) {
            client.setReplyTimeout(4000);
        }
        var disco = org.jivesoftware.smackx.disco.ServiceDiscoveryManager.getInstanceFor(bob);
        for (int i = 0; i < 10; i++) { // each request reaches one instance or the other
            assertThat(disco.discoverInfo(JidCreate.domainBareFrom(TestServers.COMPONENT))
                    .containsFeature("http://jabber.org/protocol/pubsub#access-presence"))
                    .as("both instances know the grant (§2.2)").isTrue();
        }
        AccessAndApprovalFlows.presenceAndRosterAccessModels(alice, bob, carol, "presence-" + UUID.randomUUID());

        String node = "token-" + UUID.randomUUID();
        LeafNode owned = AccessAndApprovalFlows.createNode(alice, node, org.jivesoftware.smackx.pubsub.AccessModel.whitelist);
        var command = org.jivesoftware.smackx.commands.AdHocCommandManager.getAddHocCommandsManager(alice)
                .getRemoteCommand(JidCreate.from(TestServers.COMPONENT), "urn:pubsubserver:sse-token");
        command.execute();
        String token = command.getForm().getField("token").getFirstValue();
        BlockingQueue<MessageEvent> onOne = stream(one, node + "?token=" + token, null);
        BlockingQueue<MessageEvent> onOther = stream(other, node + "?token=" + token, null);
        Thread.sleep(1000);
        owned.publish(item("for-alice"));
        for (BlockingQueue<MessageEvent> events : List.of(onOne, onOther)) {
            MessageEvent event = events.poll(10, TimeUnit.SECONDS);
            assertThat(event).as("the token made by one instance opens the stream on each").isNotNull();
            assertThat(event.getData()).contains("for-alice");
        }
    }

    @Test
    void killingAnInstanceUnderPublishLoadLosesNoAcknowledgedItemAndItsStreamResumesOnTheOther() throws Exception {
        List<Instance> linked = linkedToEjabberd("doomed", "survivor");
        Instance doomed = linked.get(0);
        Instance survivor = linked.get(1);
        XMPPTCPConnection alice = login(TestServers.Kind.EJABBERD, "alice");
        alice.setReplyTimeout(3000);
        String node = "kill-" + UUID.randomUUID();
        LeafNode aliceNode = createNode(alice, node);
        BlockingQueue<MessageEvent> onDoomed = stream(doomed, node, null);
        Thread.sleep(500);

        List<String> acknowledged = new ArrayList<>();
        int attempts = 0;
        while (acknowledged.size() < 60 && attempts < 200) {
            String id = "load-" + attempts++;
            if (acknowledged.size() == 20 && doomed.process().isAlive()) {
                doomed.process().kill(); // kill -9 while publishes go on
            }
            try {
                aliceNode.publish(item(id));
                acknowledged.add(id);
            } catch (Exception e) {
                // sent to the killed instance: not acknowledged, so not promised
            }
        }
        assertThat(acknowledged).hasSize(60);

        // every acknowledged item is stored
        List<Item> items = aliceNode.getItems();
        List<String> stored = items.stream().map(Item::getId).toList();
        assertThat(stored).containsAll(acknowledged);

        // the doomed instance's stream resumes on the survivor from its last id: nothing lost, nothing twice
        List<MessageEvent> before = new ArrayList<>();
        for (MessageEvent event; (event = onDoomed.poll(200, TimeUnit.MILLISECONDS)) != null; ) {
            if (event.getEventName().equals("message")) {
                before.add(event);
            }
        }
        assertThat(before).as("events before the kill").isNotEmpty();
        String lastId = before.get(before.size() - 1).getLastEventId();
        int remaining = stored.size() - before.size();
        List<MessageEvent> after = StreamEvents.take(stream(survivor, node, lastId), remaining);
        List<MessageEvent> all = new ArrayList<>(before);
        all.addAll(after);
        assertThat(all).extracting(StreamEvents::itemOf).containsExactlyElementsOf(stored);
        assertThat(all).extracting(e -> Long.parseLong(e.getLastEventId())).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void behindProsodyOneInstanceHoldsTheLinkAndTheOtherTakesItOverWhenTheHolderIsKilled() throws Exception {
        Instance holder = instance(TestServers.Kind.PROSODY, "holder");
        holder.process().awaitLinkUp();
        Instance standby = instance(TestServers.Kind.PROSODY, "standby");
        standby.process().awaitLog("Standing by: ", Duration.ofSeconds(30));
        XMPPTCPConnection alice = login(TestServers.Kind.PROSODY, "alice");
        String node = "failover-" + UUID.randomUUID();
        LeafNode aliceNode = createNode(alice, node);
        BlockingQueue<MessageEvent> onStandby = stream(standby, node, null);
        Thread.sleep(500);
        aliceNode.publish(item("through-holder"));
        assertThat(StreamEvents.take(onStandby, 1)).extracting(StreamEvents::itemOf).containsExactly("through-holder");

        long killed = System.nanoTime();
        holder.process().kill();
        standby.process().awaitLog("taking over the link", Duration.ofSeconds(10));
        long tookOver = System.nanoTime();
        System.out.printf("failover: the standby instance held the link %d ms after kill -9 of the holder%n",
                TimeUnit.NANOSECONDS.toMillis(tookOver - killed));
        assertThat(Duration.ofNanos(tookOver - killed)).isLessThan(Duration.ofSeconds(5));

        aliceNode.publish(item("through-standby"));
        assertThat(StreamEvents.take(onStandby, 1)).extracting(StreamEvents::itemOf).containsExactly("through-standby");
        List<Item> items = aliceNode.getItems();
        assertThat(items).extracting(Item::getId).containsExactly("through-holder", "through-standby");
        assertThat(standby.process().log()).doesNotContain(" ERROR ");
    }

}
