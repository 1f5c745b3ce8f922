package org.pubsubserver.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.dom4j.Element;
import org.pubsubserver.xmpp.stream.StreamHeader;
import org.pubsubserver.xmpp.stream.XmppStreamException;
import org.pubsubserver.xmpp.stream.XmppStreamListener;
import org.pubsubserver.xmpp.stream.XmppStreamParser;

/** The XMPP server's side of the component link: takes any handshake, then carries stanzas both ways. */
final class XmppServerSide implements XmppStreamListener, AutoCloseable {
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
                + " xmlns='jabber:component:accept' from='" + PubSubServerTest.SERVICE + "' id='test-stream'>");
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

    /**
     * Sends {@code <iq type='set'>} from {@code from} to the service with {@code <pubsub>} (XEP-0060's namespace)
     * holding {@code action}, and returns the component's reply; fails after 5 s.
     */
    Element pubsub(String id, String from, String action) throws InterruptedException {
        send("<iq type='set' id='" + id + "' from='" + from + "' to='" + PubSubServerTest.SERVICE + "'><pubsub"
                + " xmlns='http://jabber.org/protocol/pubsub'>" + action + "</pubsub></iq>");
        return next(iq(id));
    }

    /** An IQ with this id. */
    static Predicate<Element> iq(String id) {
        return stanza -> "iq".equals(stanza.getName()) && id.equals(stanza.attributeValue("id"));
    }

    /** A message to this address. */
    static Predicate<Element> message(String to) {
        return stanza -> "message".equals(stanza.getName()) && to.equals(stanza.attributeValue("to"));
    }
}
