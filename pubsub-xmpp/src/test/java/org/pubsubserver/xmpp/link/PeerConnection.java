package org.pubsubserver.xmpp.link;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.dom4j.Element;
import org.pubsubserver.xmpp.stream.StreamHeader;
import org.pubsubserver.xmpp.stream.XmppStreamException;
import org.pubsubserver.xmpp.stream.XmppStreamListener;
import org.pubsubserver.xmpp.stream.XmppStreamParser;

/**
 * One accepted connection of {@link FakeXmppServer}: parses what the component sends, sends what the test says,
 * and answers the component's closing tag with its own before closing the socket.
 */
final class PeerConnection implements AutoCloseable {
    static final Object STREAM_END = "</stream:stream>";
    static final Object EOF = "EOF";

    private final Socket socket;
    private final OutputStream out;
    private final BlockingQueue<Object> received = new LinkedTransferQueue<>();
    private final ByteArrayOutputStream raw = new ByteArrayOutputStream();

    PeerConnection(Socket socket) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        Thread reader = new Thread(this::readLoop, "fake-xmpp-peer-" + socket.getPort());
        reader.setDaemon(true);
        reader.start();
    }

    static String serverHeader(String id) {
        return "<?xml version='1.0'?><stream:stream xmlns:stream='http://etherx.jabber.org/streams' xml:lang='en'"
                + " id='" + id + "' from='pubsub.localhost' xmlns='jabber:component:accept'>";
    }

    static String sha1Hex(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(UTF_8)));
    }

    /** Plays a successful XEP-0114 handshake for the given secret. */
    void authenticate(String secret) throws Exception {
        awaitHeader();
        send(serverHeader("3BF96D32"));
        Element handshake = awaitElement();
        assertThat(handshake.getName()).isEqualTo("handshake");
        assertThat(handshake.getText()).isEqualTo(sha1Hex("3BF96D32" + secret));
        send("<handshake/>");
    }

    /** Plays a handshake that the server refuses with not-authorized, as Prosody does. */
    void refuseSecret() throws Exception {
        awaitHeader();
        send(serverHeader("ABCD"));
        assertThat(awaitElement().getName()).isEqualTo("handshake");
        send("<stream:error><not-authorized xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>"
                + "<text xmlns='urn:ietf:params:xml:ns:xmpp-streams'>Given token does not match calculated token"
                + "</text></stream:error></stream:stream>");
        close();
    }

    /**
     * Plays Prosody's answer to a second component connection as the domain (mod_component, with
     * component_conflict_resolve = "kick_new", its default): the secret is checked, then the stream is closed with
     * {@code <conflict/>}.
     */
    void refuseAsAlreadyConnected() throws Exception {
        awaitHeader();
        send(serverHeader("C0NF"));
        assertThat(awaitElement().getName()).isEqualTo("handshake");
        closeWithStreamError("conflict", "Component already connected");
    }

    /**
     * Plays Openfire's answer to a second component connection as the domain (LocalComponentSession): before any
     * handshake, a stream header without an id, {@code <conflict/>}, and the end of the stream.
     */
    void refuseAsAlreadyConnectedBeforeTheHandshake() throws Exception {
        awaitHeader();
        send("<?xml version='1.0' encoding='UTF-8'?><stream:stream xmlns:stream=\"http://etherx.jabber.org/streams\""
                + " xmlns=\"jabber:component:accept\" from=\"pubsub.localhost\"><stream:error><conflict"
                + " xmlns=\"urn:ietf:params:xml:ns:xmpp-streams\"/></stream:error></stream:stream>");
        close();
    }

    /** Sends a stream error with the given condition and text, closes the stream and the socket. */
    void closeWithStreamError(String condition, String text) throws IOException {
        send("<stream:error><" + condition + " xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>"
                + "<text xmlns='urn:ietf:params:xml:ns:xmpp-streams'>" + text + "</text></stream:error>"
                + "</stream:stream>");
        close();
    }

    void send(String xml) throws IOException {
        sendBytes(xml.getBytes(UTF_8));
    }

    void sendBytes(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    StreamHeader awaitHeader() throws InterruptedException {
        return (StreamHeader) next();
    }

    Element awaitElement() throws InterruptedException {
        Object next = next();
        assertThat(next).as("an element from the component").isInstanceOf(Element.class);
        return (Element) next;
    }

    void awaitStreamEnd() throws InterruptedException {
        assertThat(next()).isEqualTo(STREAM_END);
    }

    void awaitEof() throws InterruptedException {
        assertThat(next()).isEqualTo(EOF);
    }

    /** The next thing the component sent: a header, an element, {@link #STREAM_END} or {@link #EOF}. */
    Object next() throws InterruptedException {
        Object next = received.poll(FakeXmppServer.WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(next).as("something from the component").isNotNull();
        return next;
    }

    /** Waits until everything received so far, as text, satisfies the condition. */
    String awaitRaw(Predicate<String> condition) throws InterruptedException {
        long deadline = System.nanoTime() + FakeXmppServer.WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            String text = raw();
            if (condition.test(text)) {
                return text;
            }
            Thread.sleep(5);
        }
        throw new AssertionError("the component never sent what was expected; it sent: " + raw());
    }

    String raw() {
        synchronized (raw) {
            return raw.toString(UTF_8);
        }
    }

    private void readLoop() {
        XmppStreamParser parser = new XmppStreamParser(1 << 20, new XmppStreamListener() {
            @Override
            public void streamOpened(StreamHeader header) {
                received.add(header);
            }

            @Override
            public void stanza(Element stanza) {
                received.add(stanza);
            }

            @Override
            public void streamClosed() {
                received.add(STREAM_END);
                try {
                    send("</stream:stream>"); // as XMPP servers do (RFC 6120 §4.4), then close
                } catch (IOException ignored) {
                    // already closed
                }
                close();
            }
        });
        byte[] buffer = new byte[8192];
        try (InputStream in = socket.getInputStream()) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                synchronized (raw) {
                    raw.write(buffer, 0, n);
                }
                parser.feed(buffer, 0, n);
            }
        } catch (IOException e) {
            if (!socket.isClosed()) {
                received.add(e); // closed by us after the component's closing tag is the normal end
            }
        } catch (XmppStreamException e) {
            received.add(e);
        }
        received.add(EOF);
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
