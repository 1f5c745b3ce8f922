package org.pubsubserver.xmpp;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.EventLoop;
import io.netty.channel.nio.NioEventLoopGroup;
import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.TimeUnit;
import org.dom4j.DocumentHelper;
import org.dom4j.Element;
import org.pubsubserver.core.access.ServicePolicy;
import org.pubsubserver.core.access.StreamTokens;
import org.pubsubserver.core.archive.ArchiveIds;
import org.pubsubserver.core.cluster.StanzaRelay;
import org.pubsubserver.core.engine.Lanes;
import org.pubsubserver.core.engine.PubSubEngine;
import org.pubsubserver.core.event.EventBus;
import org.pubsubserver.core.model.NodeConfig;
import org.pubsubserver.core.store.jdbc.JdbcStorage;
import org.pubsubserver.core.usecase.EngineSettings;
import org.pubsubserver.xmpp.notify.EventNotifier;
import org.pubsubserver.xmpp.notify.Scheduler;
import org.pubsubserver.xmpp.presence.PresenceReactions;
import org.pubsubserver.xmpp.presence.PresenceTracker;
import org.pubsubserver.xmpp.privilege.PrivilegedRosters;
import org.pubsubserver.xmpp.stanza.Namespaces;
import org.xmpp.packet.JID;

/**
 * The component's XMPP surface over a real engine and in-memory store, with the notifiers on the engine's event
 * bus, wired as the server wires them, and driven stanza in, stanza out as the link would; close it after the test.
 */
final class SurfaceHarness implements AutoCloseable {
    static final String SERVICE = "pubsub.localhost";
    /** The users of the wire tests, as their clients' full JIDs. */
    static final String ALICE = "alice@localhost/desk";
    static final String BOB = "bob@localhost/phone";
    static final String CAROL = "carol@localhost/tablet";
    /** The pubsub namespaces as attributes, for building requests. */
    static final String PUBSUB_NS = "xmlns='" + Namespaces.PUBSUB + "'";
    static final String OWNER_NS = "xmlns='" + Namespaces.PUBSUB_OWNER + "'";
    static final String NODE_CONFIG = "http://jabber.org/protocol/pubsub#node_config";
    /** Issues the web-stream tokens, with a fixed test key. */
    static final StreamTokens TOKENS = new StreamTokens(new byte[32], Clock.systemUTC(), java.time.Duration.ofHours(1));
    /** The ids of archived items, with a fixed test key. */
    static final ArchiveIds ARCHIVE_IDS = new ArchiveIds(new byte[32]);

    /**
     * What the surface sent, in order. Filled from the event loop, where BlockHound forbids parking: a lock-free
     * queue (a LinkedBlockingQueue's offer may park on its take lock, and BlockHound's error thrown from inside the
     * lock's acquire leaves the lock's queue broken, so the test thread's next poll parks for good).
     */
    final BlockingQueue<String> sent = new LinkedTransferQueue<>();
    private final NioEventLoopGroup eventLoop = new NioEventLoopGroup(1);
    private final JdbcStorage storage;
    private final Lanes lanes;
    private final XmppSurface surface;
    private final PubSubEngine engine;
    private int ids;

    SurfaceHarness(ServicePolicy policy) {
        storage = JdbcStorage.openInMemory("surface-" + UUID.randomUUID());
        lanes = new Lanes(2, 100, storage.nodeStore().groupCommit());
        JID service = new JID(SERVICE);
        PrivilegedRosters rosters = new PrivilegedRosters(service, Clock.systemUTC(), this::sendLikeTheLink, StanzaRelay.ALONE);
        EventBus events = new EventBus();
        engine = new PubSubEngine(storage.nodeStore(), events, Clock.systemUTC(),
                new EngineSettings(NodeConfig.defaults(), policy, rosters), lanes);
        PresenceTracker presence = new PresenceTracker();
        Scheduler scheduler = (task, delay) -> eventLoop.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
        EventNotifier notifier = new EventNotifier(service, this::sendLikeTheLink, presence, scheduler);
        events.register(notifier);
        surface = new XmppSurface(service, "pubsub-server", "1.2.3", engine, this::sendLikeTheLink, rosters,
                new PresenceReactions(presence, engine, notifier::sendLastItems), TOKENS, ARCHIVE_IDS);
    }

    SurfaceHarness() {
        this(ServicePolicy.open());
    }

    @Override
    public void close() {
        lanes.close(); // first, as in the server: queued work and its events still reach the output
        eventLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        storage.close();
    }

    /**
     * Orders output as ComponentLink does (a Netty channel write): written at once when called on the
     * link's event loop, queued behind that loop's current work when called from another thread.
     */
    private boolean sendLikeTheLink(String xml) {
        EventLoop loop = eventLoop.next();
        if (loop.inEventLoop()) {
            sent.add(xml);
        } else {
            loop.execute(() -> sent.add(xml));
        }
        return true;
    }

    /** Runs the expiry sweep (which also trims the nodes' archives) now, and waits for it. */
    void sweep() throws Exception {
        engine.sweepExpiredItems(java.time.Duration.ofMinutes(1)).get(5, TimeUnit.SECONDS);
    }

    /** Hands a stanza to the surface on the link's event loop, as the link does. */
    void deliver(Element stanza) throws Exception {
        eventLoop.submit(() -> surface.router().onStanza(stanza)).get(5, TimeUnit.SECONDS);
    }

    static Element parse(String xml) throws Exception {
        return DocumentHelper.parseText(xml).getRootElement();
    }

    /** The next stanza sent, parsed; fails after 5 s. */
    Element next() throws Exception {
        String stanza = sent.poll(5, TimeUnit.SECONDS);
        assertThat(stanza).as("a stanza from the service").isNotNull();
        return parse(stanza);
    }

    /** Sends an IQ and returns the one stanza that answers it. */
    Element iq(String type, String from, String child) throws Exception {
        String id = "q" + (++ids);
        deliver(parse("<iq type='" + type + "' id='" + id + "' from='" + from + "' to='" + SERVICE
                + "'>" + child + "</iq>"));
        String reply = sent.poll(5, TimeUnit.SECONDS);
        assertThat(reply).as("reply to " + child).isNotNull();
        Element element = parse(reply);
        assertThat(element.getName()).isEqualTo("iq");
        assertThat(element.attributeValue("id")).isEqualTo(id);
        assertThat(element.attributeValue("to")).isEqualTo(from);
        assertThat(element.attributeValue("from")).isEqualTo(SERVICE);
        return element;
    }

    /**
     * Sends an IQ and returns what the service sent up to and with the IQ that answers it (the messages a query of an
     * archive sends first, say).
     */
    java.util.List<Element> exchange(String type, String from, String child) throws Exception {
        String id = "q" + (++ids);
        deliver(parse("<iq type='" + type + "' id='" + id + "' from='" + from + "' to='" + SERVICE
                + "'>" + child + "</iq>"));
        java.util.List<Element> stanzas = new java.util.ArrayList<>();
        while (true) {
            Element stanza = next();
            stanzas.add(stanza);
            if (stanza.getName().equals("iq") && id.equals(stanza.attributeValue("id"))) {
                return stanzas;
            }
        }
    }

    /** A submitted data form (XEP-0004) of this FORM_TYPE with the fields and values given in pairs. */
    static String submittedForm(String formType, String... fieldsAndValues) {
        StringBuilder form = new StringBuilder("<x xmlns='jabber:x:data' type='submit'><field var='FORM_TYPE' type='hidden'>"
                + "<value>" + formType + "</value></field>");
        for (int i = 0; i < fieldsAndValues.length; i += 2) {
            form.append("<field var='").append(fieldsAndValues[i]).append("'><value>").append(fieldsAndValues[i + 1])
                    .append("</value></field>");
        }
        return form.append("</x>").toString();
    }

    /** A form's fields by var, each with its first value. */
    static java.util.Map<String, String> formValues(Element form) {
        java.util.Map<String, String> values = new java.util.HashMap<>();
        form.elements("field").forEach(f -> values.put(f.attributeValue("var"), f.elementText("value")));
        return values;
    }

    static void assertResult(Element iq) {
        assertThat(iq.attributeValue("type")).as(iq.asXML()).isEqualTo("result");
    }

    static void assertError(Element iq, String type, String condition, String pubsubCondition) {
        assertThat(iq.attributeValue("type")).as(iq.asXML()).isEqualTo("error");
        Element error = iq.element("error");
        assertThat(error.attributeValue("type")).isEqualTo(type);
        assertThat(error.element(condition)).as(iq.asXML()).isNotNull();
        assertThat(error.element(condition).getNamespaceURI()).isEqualTo(Namespaces.STANZAS);
        if (pubsubCondition != null) {
            Element app = error.element(pubsubCondition);
            assertThat(app).as(iq.asXML()).isNotNull();
            assertThat(app.getNamespaceURI()).isEqualTo(Namespaces.PUBSUB_ERRORS);
        }
    }
}
