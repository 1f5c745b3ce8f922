package org.pubsubserver.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The XMPP server's side of a XEP-0114 component link, for the direct benchmark: it accepts our component's
 * connection on loopback, answers its stream header and handshake (any digest passes: the benchmark is not
 * testing authentication), then carries the driver's stanzas to the component and reports what comes back.
 * Reading is one blocking thread with a {@link TagScanner}, so the driver spends little CPU per stanza. What the
 * scanner skips (an element's text, such as a token in a command's answer) is read from a recording kept while the
 * driver asks for it ({@link #startRecording}, {@link #awaitMatch}).
 */
final class FakeXmppServer implements AutoCloseable {
    /** What arrives from the component, on the reader thread. */
    interface Inbound {
        /** Takes everything and does nothing with it: a link that only has to be up. */
        Inbound IGNORED = new Inbound() {
            @Override
            public void iq(String id, boolean ok) {
            }

            @Override
            public void message() {
            }

            @Override
            public void tick(long sentNanos) {
            }
        };

        /** An IQ result ({@code ok}) or error with this id. */
        void iq(String id, boolean ok);

        /** A message (a notification) begins. */
        void message();

        /** A benchmark payload with the driver's send time, in a notification. */
        void tick(long sentNanos);
    }

    private final ServerSocket listener;
    private final String domain;
    private final CompletableFuture<Void> authenticated = new CompletableFuture<>();
    private volatile Socket socket;
    private OutputStream out;
    private Thread reader;
    private final Object recordingLock = new Object();
    /** What arrived since {@link #startRecording}, null when not recording; guarded by {@code recordingLock}. */
    private StringBuilder recording;
    private volatile boolean recordingOn;

    FakeXmppServer(String domain) throws IOException {
        this.domain = domain;
        this.listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    }

    int port() {
        return listener.getLocalPort();
    }

    /** Accepts the component (on a thread of its own) and reports to {@code inbound} until closed. */
    void start(Inbound inbound) {
        reader = new Thread(() -> serve(inbound), "fake-xmpp-server");
        reader.setDaemon(true);
        reader.start();
    }

    void awaitAuthenticated(long seconds) throws Exception {
        authenticated.get(seconds, TimeUnit.SECONDS);
    }

    private void serve(Inbound inbound) {
        try (Socket accepted = listener.accept()) {
            accepted.setTcpNoDelay(true);
            socket = accepted;
            synchronized (this) {
                out = new BufferedOutputStream(accepted.getOutputStream(), 64 * 1024);
            }
            TagScanner scanner = new TagScanner((bytes, from, to) -> {
                if (TagScanner.named(bytes, from, to, "iq")) {
                    String type = TagScanner.text(bytes, from, to, "type");
                    String id = TagScanner.text(bytes, from, to, "id");
                    if ("result".equals(type) || "error".equals(type)) {
                        inbound.iq(id, "result".equals(type));
                    } else {
                        refuse(id, TagScanner.text(bytes, from, to, "from"));
                    }
                } else if (TagScanner.named(bytes, from, to, "message")) {
                    inbound.message();
                } else if (TagScanner.named(bytes, from, to, "tick")) {
                    int at = TagScanner.attribute(bytes, from, to, "t");
                    if (at >= 0) {
                        inbound.tick(TagScanner.number(bytes, at, to));
                    }
                } else if (TagScanner.named(bytes, from, to, "stream:stream")) {
                    send("<?xml version='1.0'?><stream:stream xmlns:stream='http://etherx.jabber.org/streams'"
                            + " xmlns='jabber:component:accept' from='" + domain + "' id='bench-stream'>");
                    flush();
                } else if (TagScanner.named(bytes, from, to, "handshake")) {
                    send("<handshake/>");
                    flush();
                    authenticated.complete(null);
                }
            });
            InputStream in = accepted.getInputStream();
            byte[] chunk = new byte[64 * 1024];
            int read;
            while ((read = in.read(chunk)) > 0) {
                if (recordingOn) {
                    record(chunk, read);
                }
                scanner.feed(chunk, 0, read);
            }
        } catch (IOException e) {
            authenticated.completeExceptionally(e);
        }
    }

    /** Keeps what arrives from the component from now on, until {@link #awaitMatch} finds what it waits for. */
    void startRecording() {
        synchronized (recordingLock) {
            recording = new StringBuilder();
            recordingOn = true;
        }
    }

    /**
     * Waits until what arrived since {@link #startRecording} matches {@code pattern}, then stops recording and
     * returns the match's first group; fails after {@code seconds}.
     */
    String awaitMatch(Pattern pattern, long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        synchronized (recordingLock) {
            if (recording == null) {
                throw new IllegalStateException("not recording");
            }
            try {
                while (true) {
                    Matcher matcher = pattern.matcher(recording);
                    if (matcher.find()) {
                        return matcher.group(1);
                    }
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        throw new IllegalStateException("nothing matching " + pattern + " arrived within " + seconds
                                + " s; arrived: " + recording);
                    }
                    TimeUnit.NANOSECONDS.timedWait(recordingLock, left);
                }
            } finally {
                recordingOn = false;
                recording = null;
            }
        }
    }

    private void record(byte[] chunk, int length) {
        synchronized (recordingLock) {
            if (recording != null) {
                recording.append(new String(chunk, 0, length, StandardCharsets.UTF_8));
                recordingLock.notifyAll();
            }
        }
    }

    /** The component asked us something (disco of the server, say): no such service here. */
    private void refuse(String id, String from) {
        send("<iq type='error' id='" + id + "' to='" + from + "' from='localhost'><error type='cancel'>"
                + "<service-unavailable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>");
        flush();
    }

    /** Queues a stanza; {@link #flush} sends what is queued. */
    synchronized void send(String stanza) {
        try {
            out.write(stanza.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    synchronized void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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
