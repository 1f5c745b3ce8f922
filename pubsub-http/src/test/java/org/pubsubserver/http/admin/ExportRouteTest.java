package org.pubsubserver.http.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pubsubserver.http.routing.Router.route;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.handler.codec.http.HttpMethod;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pubsubserver.core.backup.StoreBackup;
import org.pubsubserver.core.model.NewItem;
import org.pubsubserver.core.model.NodeConfig;
import org.pubsubserver.core.model.Removal;
import org.pubsubserver.core.store.NodeStore;
import org.pubsubserver.core.store.jdbc.JdbcStorage;
import org.pubsubserver.http.routing.MethodCheck;
import org.pubsubserver.http.routing.PathMatch;
import org.xmpp.packet.JID;

/**
 * {@code GET /export} on the admin listener (issue 15): the whole store, chunked, from one snapshot; one export at a
 * time (503 for another); a client that goes away mid-export ends it, and the next export runs.
 */
class ExportRouteTest {
    private static final JID ALICE = new JID("alice@localhost");

    private EventLoopGroup loops;
    private JdbcStorage storage;
    private AdminServer server;
    private InetSocketAddress address;

    @BeforeEach
    void start() throws Exception {
        loops = new NioEventLoopGroup(1);
        storage = JdbcStorage.openInMemory("export-route-" + System.nanoTime());
        NodeStore store = storage.nodeStore();
        // 32 MiB in all: more than the kernel's socket buffers hold for a client that stops reading
        String payload = "<e xmlns='urn:t'>" + "x".repeat(8000) + "</e>";
        for (int n = 0; n < 4; n++) {
            var node = store.createNode("n" + n, ALICE, NodeConfig.of(Map.of("pubsub#max_items", "1000")), Instant.EPOCH)
                    .orElseThrow();
            List<NewItem> items = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                items.add(new NewItem("i" + i, payload));
            }
            store.appendItems(node, items, ALICE, Instant.EPOCH, 1000, Removal.UNTOLD);
        }
        ExportRoute export = new ExportRoute(new StoreBackup(Clock.systemUTC(), "test"), storage.dataSource());
        server = new AdminServer(new AdminSettings("127.0.0.1", 0, ""), loops, () -> "", () -> null,
                List.of(route(PathMatch.exactly(ExportRoute.PATH), export, MethodCheck.orNotAllowed(HttpMethod.GET))));
        address = server.start();
    }

    @AfterEach
    void stop() {
        server.stop();
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        storage.close();
    }

    private Socket ask() throws Exception {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), address.getPort());
        socket.setSoTimeout(10_000);
        OutputStream out = socket.getOutputStream();
        out.write("GET /export HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return socket;
    }

    private static String readAll(Socket socket) throws Exception {
        try (InputStream in = socket.getInputStream()) {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            return all.toString(StandardCharsets.UTF_8);
        }
    }

    @Test
    void theWholeStoreComesChunkedAndEndsWithTheLastChunk_rfc9112_7_1() throws Exception {
        try (Socket socket = ask()) {
            String answer = readAll(socket);
            assertThat(answer).startsWith("HTTP/1.1 200 OK\r\n").contains("transfer-encoding: chunked")
                    .contains("<pubsub-export").contains("nodes='4' items='4000'").contains("</pubsub-export>")
                    .endsWith("\r\n0\r\n\r\n");
        }
    }

    @Test
    void oneExportAtATimeAndAClientThatGoesAwayEndsItsExport() throws Exception {
        Socket stalled = ask();
        byte[] head = new byte[64];
        assertThat(stalled.getInputStream().read(head)).isPositive(); // it started, and is not read on
        try (Socket second = ask()) {
            assertThat(readAll(second)).startsWith("HTTP/1.1 503").contains("An export is already running");
        }
        stalled.close();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        String again;
        do {
            try (Socket next = ask()) {
                again = readAll(next);
            }
        } while (again.startsWith("HTTP/1.1 503") && System.nanoTime() < deadline);
        assertThat(again).startsWith("HTTP/1.1 200 OK").endsWith("\r\n0\r\n\r\n");
    }
}
