package org.pubsubserver.xmpp.link;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.TimeUnit;

/** The XMPP server's side of XEP-0114 on a loopback port chosen by the system; each test scripts the peer. */
final class FakeXmppServer implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(5);

    private final ServerSocket server;
    private final BlockingQueue<PeerConnection> accepted = new LinkedTransferQueue<>();
    private final List<PeerConnection> all = new CopyOnWriteArrayList<>();

    FakeXmppServer() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "fake-xmpp-server-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** The next connection from the component; fails the test if none arrives in time. */
    PeerConnection nextConnection() throws InterruptedException {
        PeerConnection connection = accepted.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(connection).as("a connection from the component").isNotNull();
        return connection;
    }

    /** The next connection if one arrives within the wait, else null. */
    PeerConnection pollConnection(Duration wait) throws InterruptedException {
        return accepted.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                PeerConnection connection = new PeerConnection(socket);
                all.add(connection);
                accepted.add(connection);
            } catch (IOException e) {
                if (!server.isClosed()) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (PeerConnection connection : all) {
            connection.close();
        }
    }
}
