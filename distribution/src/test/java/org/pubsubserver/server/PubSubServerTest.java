package org.pubsubserver.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.dom4j.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pubsubserver.server.config.ConfigLoader;
import org.pubsubserver.server.config.ServerConfig;
import org.pubsubserver.xmpp.stream.StreamHeader;
import org.pubsubserver.xmpp.stream.XmppStreamException;
import org.pubsubserver.xmpp.stream.XmppStreamListener;
import org.pubsubserver.xmpp.stream.XmppStreamParser;

/**
 * The server as {@link ServerAssembly} builds it, in-process, behind a minimal XMPP server of this test: what the
 * link receives reaches the router, replies and notifications (listeners on the event bus) and what presence sets
 * off leave through the link.
 */
class PubSubServerTest {
    private static final String SERVICE = "pubsub.localhost";
    private static final String PUBSUB = "xmlns='http://jabber.org/protocol/pubsub'";

    @TempDir
    Path home;

    @Test
    void theAssembledServerAnswersNotifiesAndReactsToPresenceOverItsLink() throws Exception {
        try (XmppServerSide xmpp = new XmppServerSide()) {
            ServerConfig config = new ConfigLoader(Map.of(
                    ConfigLoader.environmentName("xmpp.port"), String.valueOf(xmpp.port()),
                    ConfigLoader.environmentName("http.port"), "0",
                    ConfigLoader.environmentName("engine.expiry-sweep-interval"), "0s"), home).load(null);
            try (PubSubServer server = new PubSubServer(config)) {
                server.start();
                server.awaitLinkUp().get(10, TimeUnit.SECONDS);
                assertThat(server.httpAddress().getPort()).isPositive();

                xmpp.send("<iq type='set' id='c1' from='alice@localhost/desk' to='" + SERVICE + "'><pubsub " + PUBSUB
                        + "><create node='news'/></pubsub></iq>");
                assertThat(xmpp.next(iq("c1")).attributeValue("type")).isEqualTo("result");
                xmpp.send("<iq type='set' id='s1' from='bob@localhost/phone' to='" + SERVICE + "'><pubsub " + PUBSUB
                        + "><subscribe node='news' jid='bob@localhost'/></pubsub></iq>");
                assertThat(xmpp.next(iq("s1")).attributeValue("type")).isEqualTo("result");
                xmpp.send("<iq type='set' id='p1' from='alice@localhost/desk' to='" + SERVICE + "'><pubsub " + PUBSUB
                        + "><publish node='news'><item id='first'><x xmlns='urn:t'/></item></publish></pubsub></iq>");
                assertThat(xmpp.next(iq("p1")).attributeValue("type")).isEqualTo("result");
                Element notification = xmpp.next(message("bob@localhost"));
                assertThat(notification.element("event").element("items").element("item").attributeValue("id"))
                        .isEqualTo("first");
                assertThat(notification.element("delay")).isNull();

                // on_sub_and_presence, the default: a resource that comes online gets the last item
                xmpp.send("<presence from='bob@localhost/tablet' to='" + SERVICE + "'/>");
                Element last = xmpp.next(message("bob@localhost/tablet"));
                assertThat(last.element("event").element("items").element("item").attributeValue("id"))
                        .isEqualTo("first");
                assertThat(last.element("delay")).isNotNull();
            }
        }
    }

    private static Predicate<Element> iq(String id) {
        return stanza -> "iq".equals(stanza.getName()) && id.equals(stanza.attributeValue("id"));
    }

    private static Predicate<Element> message(String to) {
        return stanza -> "message".equals(stanza.getName()) && to.equals(stanza.attributeValue("to"));
    }

    /** The XMPP server's side of the component link: takes any handshake, then carries stanzas both ways. */
    private static final class XmppServerSide implements XmppStreamListener, AutoCloseable {
        private final ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        private final BlockingQueue<Element> received = new LinkedTransferQueue<>();
        private final Thread reader = new Thread(this::serve, "xmpp-server-side");
        private volatile Socket socket;
        private volatile OutputStream out;

        XmppServerSide() throws IOException {
            reader.setDaemon(true);
            reader.start();
        }

        int port() {
            return listener.getLocalPort();
        }

        private void serve() {
            try (Socket accepted = listener.accept()) {
                socket = accepted;
                out = accepted.getOutputStream();
                XmppStreamParser parser = new XmppStreamParser(1024 * 1024, this);
                InputStream in = accepted.getInputStream();
                byte[] chunk = new byte[16 * 1024];
                int read;
                while ((read = in.read(chunk)) > 0) {
                    parser.feed(chunk, 0, read);
                }
            } catch (IOException | XmppStreamException e) {
                // closed by the test, or the component closed the link
            }
        }

        @Override
        public void streamOpened(StreamHeader header) {
            send("<?xml version='1.0'?><stream:stream xmlns:stream='http://etherx.jabber.org/streams'"
                    + " xmlns='jabber:component:accept' from='" + SERVICE + "' id='test-stream'>");
        }

        @Override
        public void stanza(Element stanza) {
            if ("handshake".equals(stanza.getName())) {
                send("<handshake/>");
            } else {
                received.add(stanza);
            }
        }

        @Override
        public void streamClosed() {
            send("</stream:stream>");
        }

        synchronized void send(String xml) {
            try {
                out.write(xml.getBytes(StandardCharsets.UTF_8));
                out.flush();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        /** The next stanza from the component that {@code matches}, skipping others; fails after 5 s. */
        Element next(Predicate<Element> matches) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (true) {
                Element stanza = received.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                assertThat(stanza).as("a stanza from the component").isNotNull();
                if (matches.test(stanza)) {
                    return stanza;
                }
            }
        }

        @Override
        public void close() throws IOException {
            listener.close();
            Socket open = socket;
            if (open != null) {
                open.close();
            }
        }
    }
}
