package org.pubsubserver.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.launchdarkly.eventsource.ConnectStrategy;
import com.launchdarkly.eventsource.EventSource;
import com.launchdarkly.eventsource.MessageEvent;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.disco.ServiceDiscoveryManager;
import org.jivesoftware.smackx.disco.packet.DiscoverInfo;
import org.jivesoftware.smackx.mam.MamManager;
import org.jivesoftware.smackx.disco.packet.DiscoverItems;
import org.jivesoftware.smackx.pubsub.CollectionNode;
import org.jivesoftware.smackx.pubsub.EventElement;
import org.jivesoftware.smackx.pubsub.NodeType;
import org.jivesoftware.smackx.pubsub.form.FillableConfigureForm;
import org.jivesoftware.smackx.shim.packet.HeadersExtension;
import org.jivesoftware.smackx.pubsub.Item;
import org.jivesoftware.smackx.pubsub.ItemsExtension;
import org.jivesoftware.smackx.pubsub.ItemPublishEvent;
import org.jivesoftware.smackx.pubsub.LeafNode;
import org.jivesoftware.smackx.pubsub.PayloadItem;
import org.jivesoftware.smackx.pubsub.PubSubManager;
import org.jivesoftware.smackx.pubsub.SimplePayload;
import org.jivesoftware.smackx.pubsub.Subscription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jxmpp.jid.impl.JidCreate;

/**
 * The walking skeleton's promise, end to end with real parts: a real XMPP server (started by the
 * project's script), our distribution's launcher, Smack clients and an EventSource client.
 */
abstract class EndToEndScenario {
    private static final String PAYLOAD_NS = "urn:example:e2e";

    @TempDir
    Path work;

    private final TestServers.Kind kind;
    private final Map<String, String> environment = new HashMap<>();
    private ServerProcess server;
    private XMPPTCPConnection alice;
    private XMPPTCPConnection bob;

    EndToEndScenario(TestServers.Kind kind) {
        this.kind = kind;
    }

    private Path serverLog;

    @BeforeEach
    void startServer(org.junit.jupiter.api.TestInfo test) throws Exception {
        java.nio.file.Files.createDirectories(Path.of("target", "e2e-logs"));
        serverLog = Path.of("target", "e2e-logs", getClass().getSimpleName() + "-"
                + test.getTestMethod().orElseThrow().getName() + ".log").toAbsolutePath();
        java.nio.file.Files.deleteIfExists(serverLog);
        environment.put("PUBSUB_XMPP_PORT", Integer.toString(kind.componentPort));
        environment.put("PUBSUB_XMPP_SECRET", TestServers.SECRET);
        environment.put("PUBSUB_XMPP_INITIAL_BACKOFF", "200ms");
        environment.put("PUBSUB_HTTP_PORT", Integer.toString(freePort()));
        // clients that cannot resolve pubsub.localhost (Node) use the address itself
        environment.put("PUBSUB_HTTP_HOSTS", "127.0.0.1");
        environment.put("PUBSUB_STORAGE_DATA_DIR", work.resolve("data").toString());
        server = startOurServer();
        alice = XmppClients.login(kind, "alice", "alicepass");
        bob = XmppClients.login(kind, "bob", "bobpass");
    }

    @AfterEach
    void stopServer() throws Exception {
        for (XMPPTCPConnection connection : new XMPPTCPConnection[] {alice, bob}) {
            if (connection != null) {
                connection.disconnect();
            }
        }
        if (server != null) {
            server.close();
        }
    }

    XMPPTCPConnection alice() {
        return alice;
    }

    XMPPTCPConnection bob() {
        return bob;
    }

    /** Sets an environment variable of our server (a setting, PUBSUB_...) for its next start. */
    void setServerEnvironment(String name, String value) {
        environment.put(name, value);
    }

    /** Restarts our server: SIGTERM, then start again with the same settings and data. */
    void restartServer() throws Exception {
        assertThat(server.terminate()).isZero();
        server = startOurServer();
    }

    /** Where our server serves HTTP (SSE and the web page). */
    int httpPort() {
        return Integer.parseInt(environment.get("PUBSUB_HTTP_PORT"));
    }

    private ServerProcess startOurServer() throws Exception {
        ServerProcess process = ServerProcess.start(environment, serverLog);
        process.awaitLinkUp();
        return process;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private PubSubManager pubsub(XMPPTCPConnection connection) throws Exception {
        return PubSubManager.getInstanceFor(connection, JidCreate.bareFrom(TestServers.COMPONENT));
    }

    /** Alice's node that tells its subscribers of retractions and configuration changes (§7.2.2.1, §8.2.5.3). */
    private LeafNode createNotifyingNode(String nodeName) throws Exception {
        var form = pubsub(alice).getDefaultConfiguration().getFillableForm();
        form.setNotifyRetract(true);
        form.setNotifyConfig(true);
        pubsub(alice).createNode(nodeName, form);
        return pubsub(alice).getLeafNode(nodeName);
    }

    /** An EventSource client on http://pubsub.localhost:PORT/eventsource/NODE (the name resolves to loopback). */
    EventSource eventSource(String node) {
        URI uri = URI.create("http://" + TestServers.COMPONENT + ":" + environment.get("PUBSUB_HTTP_PORT")
                + "/eventsource/" + node);
        return new EventSource.Builder(ConnectStrategy.http(uri)
                .clientBuilderActions(builder -> builder.dns(host -> List.of(InetAddress.getLoopbackAddress())))
                .readTimeout(30, TimeUnit.SECONDS))
                .build();
    }

    @Test
    void createSubscribePublishNotifyStreamAndKeepItemsAcrossRestarts() throws Exception {
        // XEP-0060 §5.1: the service is found as identity pubsub/service
        DiscoverInfo info = ServiceDiscoveryManager.getInstanceFor(alice)
                .discoverInfo(JidCreate.domainBareFrom(TestServers.COMPONENT));
        assertThat(info.hasIdentity("pubsub", "service")).isTrue();
        assertThat(info.containsFeature("http://jabber.org/protocol/pubsub")).isTrue();

        // §8.1: alice creates a node; §6.1: bob subscribes
        String nodeName = "e2e-" + UUID.randomUUID();
        LeafNode aliceNode = pubsub(alice).createNode(nodeName);
        LeafNode bobNode = pubsub(bob).getLeafNode(nodeName);
        BlockingQueue<ItemPublishEvent<Item>> notifications = new LinkedBlockingQueue<>();
        bobNode.addItemEventListener(notifications::add);
        Subscription subscription = bobNode.subscribe(bob.getUser().asBareJid());
        assertThat(subscription.getState()).isEqualTo(Subscription.State.subscribed);

        // an SSE client on the node's stream
        BlockingQueue<MessageEvent> events = new LinkedBlockingQueue<>();
        try (EventSource sse = eventSource(nodeName)) {
            sse.start();
            CompletableFuture.runAsync(() -> {
                for (MessageEvent event : sse.messages()) {
                    events.add(event);
                }
            });

            // §7.1: alice publishes; §7.1.2.1: bob is notified; the SSE client gets the payload
            String payload = "<entry xmlns='" + PAYLOAD_NS + "'>hello, world</entry>";
            aliceNode.publish(new PayloadItem<>("item-1", new SimplePayload(payload)));

            ItemPublishEvent<Item> notification = notifications.poll(15, TimeUnit.SECONDS);
            assertThat(notification).as("bob's notification").isNotNull();
            assertThat(notification.getNodeId()).isEqualTo(nodeName);
            Item item = notification.getItems().get(0);
            assertThat(item.getId()).isEqualTo("item-1");
            assertThat(item.toXML().toString()).contains(PAYLOAD_NS).contains("hello, world");

            MessageEvent event = events.poll(15, TimeUnit.SECONDS);
            assertThat(event).as("the SSE event").isNotNull();
            assertThat(event.getEventName()).isEqualTo("message");
            assertThat(event.getData()).contains("<entry").contains(PAYLOAD_NS).contains("hello, world</entry>");
        }

        // SIGTERM stops the server cleanly; after a restart the item is still there
        assertThat(server.terminate()).as("exit status after SIGTERM").isZero();
        assertThat(server.log()).contains("Stopped");
        server = startOurServer();
        List<PayloadItem<SimplePayload>> items = aliceNode.getItems();
        assertThat(items).extracting(Item::getId).containsExactly("item-1");
        assertThat(items.get(0).getPayload().toXML().toString()).contains("hello, world");

        // an acknowledged publish survives even kill -9
        aliceNode.publish(new PayloadItem<>("item-2", new SimplePayload("<entry xmlns='" + PAYLOAD_NS + "'>2</entry>")));
        server.kill();
        server = startOurServer();
        assertThat(aliceNode.<PayloadItem<SimplePayload>>getItems()).extracting(Item::getId)
                .containsExactly("item-1", "item-2");
    }

    @Test
    void autoCreateNewestItemsRetractSubscriptionsAffiliationsAndLastItemThroughRealClients() throws Exception {
        String nodeName = "e2e-more-" + UUID.randomUUID();
        // §7.1.4: publishing to a node that does not exist creates it
        LeafNode node = pubsub(alice).tryToPublishAndPossibleAutoCreate(nodeName,
                new PayloadItem<>("a", new SimplePayload("<entry xmlns='" + PAYLOAD_NS + "'>a</entry>")));
        for (String id : List.of("b", "c")) {
            node.publish(new PayloadItem<>(id, new SimplePayload("<entry xmlns='" + PAYLOAD_NS + "'>" + id + "</entry>")));
        }
        // §6.5.7: the newest two
        assertThat(node.<PayloadItem<SimplePayload>>getItems(2)).extracting(Item::getId).containsExactly("b", "c");
        // §7.2: the owner deletes an item
        node.deleteItem("a");
        assertThat(node.<PayloadItem<SimplePayload>>getItems()).extracting(Item::getId).containsExactly("b", "c");
        // §5.7: alice owns the auto-created node
        assertThat(pubsub(alice).getAffiliations())
                .anySatisfy(a -> {
                    assertThat(a.getNode()).isEqualTo(nodeName);
                    assertThat(a.getAffiliation()).isEqualTo(org.jivesoftware.smackx.pubsub.Affiliation.Type.owner);
                });
        // §6.1.7: a new subscriber gets the last published item; §5.6: and sees its subscription
        LeafNode bobNode = pubsub(bob).getLeafNode(nodeName);
        BlockingQueue<ItemPublishEvent<Item>> lastItem = new LinkedBlockingQueue<>();
        bobNode.addItemEventListener(lastItem::add);
        bobNode.subscribe(bob.getUser().asBareJid());
        ItemPublishEvent<Item> delivered = lastItem.poll(15, TimeUnit.SECONDS);
        assertThat(delivered).as("the last published item on subscribe").isNotNull();
        assertThat(delivered.getItems()).extracting(Item::getId).containsExactly("c");
        assertThat(delivered.isDelayed()).isTrue();
        assertThat(pubsub(bob).getSubscriptions())
                .anySatisfy(sub -> {
                    assertThat(sub.getNode()).isEqualTo(nodeName);
                    assertThat(sub.getState()).isEqualTo(Subscription.State.subscribed);
                });
    }

    @Test
    void subscriptionOptionsFormsWorkWithARealClient_6_3() throws Exception {
        String nodeName = "e2e-options-" + UUID.randomUUID();
        LeafNode aliceNode = pubsub(alice).createNode(nodeName);
        LeafNode bobNode = pubsub(bob).getLeafNode(nodeName);
        BlockingQueue<ItemPublishEvent<Item>> notifications = new LinkedBlockingQueue<>();
        bobNode.addItemEventListener(notifications::add);
        Subscription plain = bobNode.subscribe(bob.getUser().asBareJid());

        // §6.3.2: Smack reads the options form
        org.jivesoftware.smackx.pubsub.form.SubscribeForm options =
                bobNode.getSubscriptionOptions(bob.getUser().asBareJid().toString());
        assertThat(options.isDeliverOn()).isTrue();

        // §6.3.7: subscribe and configure, filled in from the form the service sent
        org.jivesoftware.smackx.pubsub.form.FillableSubscribeForm quiet = options.getFillableForm();
        quiet.setDeliverOn(false);
        Subscription configured = bobNode.subscribe(bob.getUser().asBareJid(), quiet);
        assertThat(configured.getId()).isNotEqualTo(plain.getId());
        assertThat(pubsub(bob).getSubscriptions()).filteredOn(sub -> nodeName.equals(sub.getNode())).hasSize(2);

        // the plain subscription is notified; the one with deliver off is not, so there is one message
        aliceNode.publish(new PayloadItem<>("x", new SimplePayload("<entry xmlns='" + PAYLOAD_NS + "'>x</entry>")));
        ItemPublishEvent<Item> notification = notifications.poll(15, TimeUnit.SECONDS);
        assertThat(notification).isNotNull();
        assertThat(notification.getItems()).extracting(Item::getId).containsExactly("x");
        assertThat(notifications.poll(1, TimeUnit.SECONDS)).isNull();
    }

    @Test
    void retractConfigurationAndPurgeNotificationsReachARealClient_7_2_2_8_2_5_3_8_5_2() throws Exception {
        String nodeName = "e2e-notify-" + UUID.randomUUID();
        LeafNode aliceNode = createNotifyingNode(nodeName);
        LeafNode bobNode = pubsub(bob).getLeafNode(nodeName);
        BlockingQueue<List<String>> retracted = new LinkedBlockingQueue<>();
        BlockingQueue<Boolean> purged = new LinkedBlockingQueue<>();
        BlockingQueue<org.jivesoftware.smackx.pubsub.ConfigurationEvent> configured = new LinkedBlockingQueue<>();
        bobNode.addItemDeleteListener(new org.jivesoftware.smackx.pubsub.listener.ItemDeleteListener() {
            @Override
            public void handleDeletedItems(org.jivesoftware.smackx.pubsub.ItemDeleteEvent event) {
                retracted.add(event.getItemIds());
            }

            @Override
            public void handlePurge() {
                purged.add(true);
            }
        });
        bobNode.addConfigurationListener(configured::add);
        bobNode.subscribe(bob.getUser().asBareJid());
        for (String id : List.of("a", "b")) {
            aliceNode.publish(new PayloadItem<>(id, new SimplePayload("<entry xmlns='" + PAYLOAD_NS + "'>" + id + "</entry>")));
        }
        // §7.2.2.1: notify_retract tells subscribers which item went
        aliceNode.deleteItem("a");
        assertThat(retracted.poll(15, TimeUnit.SECONDS)).containsExactly("a");
        // §8.2.5.3: notify_config sends the new configuration
        var change = aliceNode.getNodeConfiguration().getFillableForm();
        change.setTitle("Renamed");
        aliceNode.sendConfigurationForm(change);
        var configuration = configured.poll(15, TimeUnit.SECONDS);
        assertThat(configuration).as("the configuration notification").isNotNull();
        // (Smack 4.4.8's FilledConfigureForm.getTitle() answers null for a result form: read the field itself)
        assertThat(configuration.getConfiguration().getDataForm().getField("pubsub#title").getFirstValue())
                .isEqualTo("Renamed");
        // §8.5.2: a purge is one notification
        aliceNode.deleteAllItems();
        assertThat(purged.poll(15, TimeUnit.SECONDS)).isTrue();
        assertThat(aliceNode.<PayloadItem<SimplePayload>>getItems()).isEmpty();
    }

    @Test
    void anSseClientResumesAcrossARestartWithNothingLostOrRepeated() throws Exception {
        String nodeName = "e2e-resume-" + UUID.randomUUID();
        LeafNode node = pubsub(alice).createNode(nodeName);
        String[] firstId = new String[1];
        BlockingQueue<MessageEvent> events = new LinkedBlockingQueue<>();
        try (EventSource sse = eventSource(nodeName)) {
            sse.start();
            // read on: after the server goes away, the next read reconnects, with Last-Event-ID
            CompletableFuture.runAsync(() -> {
                while (sse.getState() != com.launchdarkly.eventsource.ReadyState.SHUTDOWN) {
                    try {
                        events.add(sse.readMessage());
                    } catch (com.launchdarkly.eventsource.StreamException e) {
                        // closed by the server (it is restarting) or by us: the loop decides
                    }
                }
            });
            // the stream is open once the client reports it; then the first item goes out live
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (sse.getState() != com.launchdarkly.eventsource.ReadyState.OPEN && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            node.publish(new PayloadItem<>("one", new SimplePayload("<entry xmlns='" + PAYLOAD_NS + "'>1</entry>")));
            MessageEvent first = events.poll(15, TimeUnit.SECONDS);
            assertThat(first).as("the live event").isNotNull();
            firstId[0] = first.getLastEventId();

            // our server stops and starts again; the client reconnects with Last-Event-ID on its own
            assertThat(server.terminate()).isZero();
            server = startOurServer();
            for (String id : List.of("two", "three")) {
                node.publish(new PayloadItem<>(id, new SimplePayload("<entry xmlns='" + PAYLOAD_NS + "'>" + id + "</entry>")));
            }
            List<String> received = new java.util.ArrayList<>(List.of(first.getData()));
            while (received.size() < 3) {
                MessageEvent event = events.poll(30, TimeUnit.SECONDS);
                assertThat(event).as("events after the restart; so far " + received).isNotNull();
                received.add(event.getData());
            }
            assertThat(received).extracting(data -> data.replaceAll(".*>([a-z0-9]+)</entry>", "$1"))
                    .containsExactly("1", "two", "three");
            assertThat(events.poll(1, TimeUnit.SECONDS)).as("nothing repeated").isNull();
        }
        // a new client that says where it was (the query parameter, for a first connect) is replayed the rest
        try (EventSource late = eventSource(nodeName + "?lastEventId=" + firstId[0])) {
            List<String> replayed = new java.util.ArrayList<>();
            for (int i = 0; i < 2; i++) {
                replayed.add(late.readMessage().getData());
            }
            assertThat(replayed).extracting(data -> data.replaceAll(".*>([a-z0-9]+)</entry>", "$1"))
                    .containsExactly("two", "three");
        }
    }

    @Test
    void anUnknownNodeIsItemNotFoundOverXmppAnd404OverHttp() throws Exception {
        var error = org.assertj.core.api.Assertions.catchThrowableOfType(
                org.jivesoftware.smack.XMPPException.XMPPErrorException.class,
                () -> pubsub(bob).getLeafNode("no-such-node"));
        assertThat(error).isNotNull();
        assertThat(error.getStanzaError().getCondition())
                .isEqualTo(org.jivesoftware.smack.packet.StanzaError.Condition.item_not_found);

        okhttp3.OkHttpClient client = new okhttp3.OkHttpClient.Builder()
                .dns(host -> List.of(InetAddress.getLoopbackAddress())).build();
        okhttp3.Request unknownNode = new okhttp3.Request.Builder().url("http://" + TestServers.COMPONENT + ":"
                + environment.get("PUBSUB_HTTP_PORT") + "/eventsource/no-such-node").build();
        try (okhttp3.Response response = client.newCall(unknownNode).execute()) {
            assertThat(response.code()).isEqualTo(404);
        }
    }

    @Test
    void approvalByMessageAndPendingRequestsAcrossARestart_6_1_4_8_6_8_7() throws Exception {
        XMPPTCPConnection carol = XmppClients.login(kind, "carol", "carolpass");
        try (AutoCloseable remedy = XmppClients.withReadersStockSmackLacks()) {
            String node = "e2e-authorize-" + UUID.randomUUID();
            AccessAndApprovalFlows.approveAndDeny(alice, bob, carol, node);

            // a request left pending survives a restart and is found with get-pending
            BlockingQueue<org.jivesoftware.smack.packet.Message> requests = AccessAndApprovalFlows.formMessages(alice);
            AccessAndApprovalFlows.pubsub(carol).getLeafNode(node).subscribe(carol.getUser().asBareJid());
            AccessAndApprovalFlows.nextAuthorizationForm(requests, node, carol.getUser().asBareJid().toString());
            assertThat(server.terminate()).isZero();
            server = startOurServer();
            AccessAndApprovalFlows.getPending(alice, node, carol.getUser().asBareJid().toString(), requests);
        } finally {
            carol.disconnect();
        }
    }

    @Test
    void whitelistMembersAndOutcastsThroughRealClients_4_5_8_9() throws Exception {
        try (AutoCloseable remedy = XmppClients.withReadersStockSmackLacks()) {
            AccessAndApprovalFlows.whitelistAndAffiliations(alice, bob, "e2e-whitelist-" + UUID.randomUUID());
        }
    }

    /**
     * A stock Smack client (no parsers of ours) through everything it is sent as a subscriber: two
     * subscriptions (SubID headers, §7.1.2.4), items, a retraction, a configuration change, a purge, an
     * affiliation change (§8.9.4), a deletion (§8.4.2) and its own unsubscribes (answered in the IQ result
     * only, §6.2.2): its connection stays up throughout.
     */
    @Test
    void aStockSmackClientStaysConnectedThroughItsOwnUnsubscribeAndEveryNotification_6_2_2_7_1_2_4() throws Exception {
        String nodeName = "e2e-stock-" + UUID.randomUUID();
        LeafNode aliceNode = createNotifyingNode(nodeName);
        LeafNode bobNode = pubsub(bob).getLeafNode(nodeName);
        BlockingQueue<ItemPublishEvent<Item>> notifications = new LinkedBlockingQueue<>();
        bobNode.addItemEventListener(notifications::add);
        Subscription first = bobNode.subscribe(bob.getUser().asBareJid());
        Subscription second = bobNode.subscribe(bob.getUser().asBareJid());
        assertThat(second.getId()).as("§6.1.6: each subscribe makes a subscription").isNotEqualTo(first.getId());

        aliceNode.publish(new PayloadItem<>("a", new SimplePayload("<entry xmlns='" + PAYLOAD_NS + "'>a</entry>")));
        ItemPublishEvent<Item> notification = notifications.poll(15, TimeUnit.SECONDS);
        assertThat(notification).as("the notification").isNotNull();
        assertThat(notification.getSubscriptions()).as("one SubID header per subscription")
                .containsExactlyInAnyOrder(first.getId(), second.getId());
        aliceNode.deleteItem("a");
        var change = aliceNode.getNodeConfiguration().getFillableForm();
        change.setTitle("Renamed");
        aliceNode.sendConfigurationForm(change);
        aliceNode.deleteAllItems();
        aliceNode.modifyAffiliationAsOwner(List.of(new org.jivesoftware.smackx.pubsub.Affiliation(
                bob.getUser().asBareJid(), org.jivesoftware.smackx.pubsub.Affiliation.Type.member)));
        bobNode.unsubscribe(bob.getUser().asBareJid().toString(), first.getId());
        bobNode.unsubscribe(bob.getUser().asBareJid().toString(), second.getId());
        assertThat(pubsub(bob).getSubscriptions()).noneMatch(sub -> nodeName.equals(sub.getNode()));

        String deleted = "e2e-stock-deleted-" + UUID.randomUUID();
        pubsub(alice).createNode(deleted);
        pubsub(bob).getLeafNode(deleted).subscribe(bob.getUser().asBareJid());
        pubsub(alice).deleteNode(deleted);

        // whatever of the above was still on its way has arrived once a later request is answered
        assertThat(ServiceDiscoveryManager.getInstanceFor(bob).discoverInfo(JidCreate.domainBareFrom(TestServers.COMPONENT))
                .hasIdentity("pubsub", "service")).isTrue();
        assertThat(bob.isConnected()).as("the stock Smack client is still connected").isTrue();
    }

    /**
     * XEP-0442 through the XMPP server: stock Smack's MamManager pages a node's archive (XEP-0313 §4.3, RSM after,
     * the last page, complete), which keeps the items the node itself pushed out (max_items 2).
     */
    @Test
    void stockSmacksMamManagerPagesANodesArchive_xep0442_xep0313_4_3() throws Exception {
        String nodeName = "e2e-archive-" + UUID.randomUUID();
        var form = pubsub(alice).getDefaultConfiguration().getFillableForm();
        form.setMaxItems(2);
        pubsub(alice).createNode(nodeName, form);
        LeafNode node = pubsub(alice).getLeafNode(nodeName);
        for (int i = 1; i <= 5; i++) {
            node.publish(new PayloadItem<>("i" + i, new SimplePayload("<entry xmlns='" + PAYLOAD_NS + "'>entry " + i
                    + "</entry>")));
        }
        List<Item> held = pubsub(bob).getLeafNode(nodeName).getItems();
        assertThat(held.stream().map(Item::getId).toList()).containsExactly("i4", "i5");

        MamManager mam = MamManager.getInstanceFor(bob, JidCreate.bareFrom(TestServers.COMPONENT));
        assertThat(mam.isSupported()).as("urn:xmpp:mam:2 on the service").isTrue();
        MamManager.MamQuery query = mam.queryArchive(MamManager.MamQueryArgs.builder().queryNode(nodeName)
                .setResultPageSizeTo(2).build());
        assertThat(archivedIds(query.getMessages())).containsExactly("i1", "i2");
        assertThat(query.isComplete()).isFalse();
        assertThat(archivedIds(query.pageNext(2))).containsExactly("i3", "i4");
        assertThat(archivedIds(query.pageNext(2))).containsExactly("i5");
        assertThat(query.isComplete()).isTrue();
        assertThat(query.getMessages().get(0).getExtension(EventElement.class).toXML().toString())
                .as("the item's payload, as its notification carries it").contains("entry 5");

        MamManager.MamQuery last = mam.queryArchive(MamManager.MamQueryArgs.builder().queryNode(nodeName)
                .queryLastPage().setResultPageSizeTo(2).build());
        assertThat(archivedIds(last.getMessages())).containsExactly("i4", "i5");
        assertThat(archivedIds(last.pagePrevious(2))).containsExactly("i2", "i3");
        assertThat(bob.isConnected()).isTrue();
    }

    /**
     * XEP-0248 through the XMPP server with stock Smack: a collection and a leaf in it made with Smack's forms
     * (§createnode), the collection found as one with the leaf as its child (§disco-nodes), a subscription to the
     * collection (§subscribe) that gets an item published in the leaf with the SHIM Collection header
     * (§notify-items), and the collection's deletion leaving the leaf below the root (§imple-delete).
     */
    @Test
    void stockSmackCreatesACollectionSubscribesToItAndGetsTheItemsOfItsLeaf_xep0248() throws Exception {
        String blogs = "e2e-blogs-" + UUID.randomUUID();
        String musings = "e2e-musings-" + UUID.randomUUID();
        FillableConfigureForm collection = pubsub(alice).getDefaultConfiguration().getFillableForm();
        collection.setNodeType(NodeType.collection);
        pubsub(alice).createNode(blogs, collection);
        FillableConfigureForm leaf = pubsub(alice).getDefaultConfiguration().getFillableForm();
        leaf.setCollection(blogs);
        LeafNode leafNode = (LeafNode) pubsub(alice).createNode(musings, leaf);

        assertThat(pubsub(bob).getNode(blogs)).isInstanceOf(CollectionNode.class);
        assertThat(pubsub(bob).discoverNodes(blogs).getItems().stream().map(DiscoverItems.Item::getNode).toList())
                .containsExactly(musings);
        BlockingQueue<org.jivesoftware.smack.packet.Message> received = new LinkedBlockingQueue<>();
        bob.addAsyncStanzaListener(stanza -> received.add((org.jivesoftware.smack.packet.Message) stanza),
                stanza -> stanza instanceof org.jivesoftware.smack.packet.Message
                        && stanza.getExtension(EventElement.class) != null);
        pubsub(bob).getNode(blogs).subscribe(bob.getUser().asBareJid());
        leafNode.publish(new PayloadItem<>("post1", new SimplePayload("<entry xmlns='" + PAYLOAD_NS
                + "'>hello collection</entry>")));
        org.jivesoftware.smack.packet.Message message = received.poll(15, TimeUnit.SECONDS);
        assertThat(message).as("the item, through the subscription to the collection").isNotNull();
        ItemsExtension items = (ItemsExtension) message.getExtension(EventElement.class).getEvent();
        assertThat(items.getNode()).isEqualTo(musings);
        assertThat(items.toXML().toString()).contains("hello collection");
        assertThat(HeadersExtension.from(message).getHeaders()).anySatisfy(header -> {
            assertThat(header.getName()).isEqualTo("Collection");
            assertThat(header.getValue()).isEqualTo(blogs);
        });

        pubsub(alice).deleteNode(blogs);
        assertThat(pubsub(bob).discoverNodes(null).getItems().stream().map(DiscoverItems.Item::getNode).toList())
                .contains(musings).doesNotContain(blogs);
        assertThat(bob.isConnected()).as("the stock Smack client is still connected").isTrue();
    }

    /** The item id of each archived pubsub event message (XEP-0442: one item each). */
    private static List<String> archivedIds(List<org.jivesoftware.smack.packet.Message> messages) {
        return messages.stream().map(message -> {
            ItemsExtension items = (ItemsExtension) message.getExtension(EventElement.class).getEvent();
            assertThat(items.getItems()).hasSize(1);
            return ((Item) items.getItems().get(0)).getId();
        }).toList();
    }

    static void stopQuietly(TestServers.Kind kind) {
        try {
            TestServers.stop(kind);
        } catch (Exception | AssertionError e) {
            System.err.println("stopping " + kind.name + ": " + e);
        }
    }

    /**
     * Issue 17: a web backend publishes over HTTP with a token from the ad-hoc command; XMPP subscribers (stock Smack)
     * and SSE streams get the item as any other, and the answer, sent after the commit, names its SSE event id.
     * A JID the node's publish model refuses gets 403 and publishes nothing.
     */
    @Test
    void aPublishOverHttpWithATokenReachesXmppSubscribersAndSseStreams_issue17() throws Exception {
        String nodeName = "e2e-http-" + UUID.randomUUID();
        pubsub(alice).createNode(nodeName);
        LeafNode bobNode = pubsub(bob).getLeafNode(nodeName);
        BlockingQueue<ItemPublishEvent<Item>> notifications = new LinkedBlockingQueue<>();
        bobNode.addItemEventListener(notifications::add);
        bobNode.subscribe(bob.getUser().asBareJid());
        var command = org.jivesoftware.smackx.commands.AdHocCommandManager.getAddHocCommandsManager(alice)
                .getRemoteCommand(JidCreate.from(TestServers.COMPONENT), "urn:pubsubserver:publish-token");
        command.execute();
        String token = command.getForm().getField("token").getFirstValue();
        BlockingQueue<MessageEvent> events = new LinkedBlockingQueue<>();
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        try (EventSource sse = eventSource(nodeName)) {
            sse.start();
            CompletableFuture.runAsync(() -> sse.messages().forEach(events::add));
            java.net.http.HttpResponse<String> published = http.send(java.net.http.HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + httpPort() + "/pubsub_post/" + nodeName))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"id\":\"from-http\",\"build\":42}"))
                    .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(published.statusCode()).as(published.body()).isEqualTo(202);
            assertThat(published.body()).startsWith("{\"node\":\"" + nodeName + "\",\"items\":[{\"id\":\"from-http\",\"event\":\"");
            String eventId = published.body().replaceAll(".*\"event\":\"([0-9]+)\".*", "$1");

            ItemPublishEvent<Item> notification = notifications.poll(15, TimeUnit.SECONDS);
            assertThat(notification).as("bob's notification").isNotNull();
            assertThat(notification.getItems().get(0).getId()).isEqualTo("from-http");
            assertThat(notification.getItems().get(0).toXML().toString())
                    .contains("urn:xmpp:json:0").contains("{\"id\":\"from-http\",\"build\":42}");
            MessageEvent event = events.poll(15, TimeUnit.SECONDS);
            assertThat(event).as("the SSE event").isNotNull();
            assertThat(event.getData()).isEqualTo("{\"id\":\"from-http\",\"build\":42}");
            assertThat(event.getLastEventId()).isEqualTo(eventId);
        }
        var bobsCommand = org.jivesoftware.smackx.commands.AdHocCommandManager.getAddHocCommandsManager(bob)
                .getRemoteCommand(JidCreate.from(TestServers.COMPONENT), "urn:pubsubserver:publish-token");
        bobsCommand.execute();
        java.net.http.HttpResponse<String> refused = http.send(java.net.http.HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + httpPort() + "/pubsub_post/" + nodeName + "?item=from-bob"))
                .header("Authorization", "Bearer " + bobsCommand.getForm().getField("token").getFirstValue())
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(403);
        List<Item> kept = pubsub(alice).getLeafNode(nodeName).getItems();
        assertThat(kept.stream().map(Item::getId).toList()).containsExactly("from-http");
    }
}
