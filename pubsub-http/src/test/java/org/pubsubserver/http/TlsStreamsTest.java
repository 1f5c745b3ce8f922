package org.pubsubserver.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.nio.NioEventLoopGroup;
import java.io.FileInputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pubsubserver.core.access.StreamTokens;
import org.pubsubserver.core.engine.Lanes;
import org.pubsubserver.core.engine.PubSubEngine;
import org.pubsubserver.core.event.EventBus;
import org.pubsubserver.core.model.NewItem;
import org.pubsubserver.core.model.NodeConfig;
import org.pubsubserver.core.store.jdbc.JdbcStorage;
import org.pubsubserver.core.usecase.CreateNode;
import org.pubsubserver.core.usecase.EngineSettings;
import org.pubsubserver.core.usecase.Publish;
import org.pubsubserver.http.sse.SseStreams;
import org.xmpp.packet.JID;

/**
 * With a certificate configured the port speaks TLS, and HTTP/2 where the client offers it (ALPN); HTTP/1.1 over
 * TLS is guarded as without it.
 */
class TlsStreamsTest {
    private static final String PASSWORD = "test-only";

    @TempDir
    Path dir;
    private JdbcStorage storage;
    private Lanes lanes;
    private PubSubEngine engine;
    private NioEventLoopGroup group;
    private HttpServer server;

    /** A self-signed certificate for 127.0.0.1 made with the JDK's keytool, written out as PEM files. */
    private KeyStore certificate() throws Exception {
        Path store = dir.resolve("server.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-keyalg", "EC", "-groupname", "secp256r1", "-alias", "server", "-dname", "CN=127.0.0.1",
                "-ext", "SAN=ip:127.0.0.1,dns:pubsub.localhost", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", store.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD)
                .redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).as(output).isZero();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (var in = new FileInputStream(store.toFile())) {
            keys.load(in, PASSWORD.toCharArray());
        }
        Base64.Encoder pem = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
        Files.writeString(dir.resolve("cert.pem"), "-----BEGIN CERTIFICATE-----\n"
                + pem.encodeToString(keys.getCertificate("server").getEncoded()) + "\n-----END CERTIFICATE-----\n");
        PrivateKey key = (PrivateKey) keys.getKey("server", PASSWORD.toCharArray());
        Files.writeString(dir.resolve("key.pem"), "-----BEGIN PRIVATE KEY-----\n"
                + pem.encodeToString(key.getEncoded()) + "\n-----END PRIVATE KEY-----\n");
        return keys;
    }

    /** The first data line of a stream, past its preamble and id; the stream is closed after. */
    private static String firstData(HttpResponse<java.util.stream.Stream<String>> stream) {
        var lines = stream.body().iterator();
        String line = "";
        while (lines.hasNext() && !(line = lines.next()).startsWith("data: ")) {
            // the preamble and the id
        }
        stream.body().close();
        return line;
    }

    /** The server over TLS, with the connection limits given; stopped by {@link #stopServer}. */
    private int startServer(HttpSettings.Connections connections) throws Exception {
        storage = JdbcStorage.openInMemory("tls-" + UUID.randomUUID());
        lanes = new Lanes(2, 100, storage.nodeStore().groupCommit());
        EventBus bus = new EventBus();
        engine = new PubSubEngine(storage.nodeStore(), bus, Clock.systemUTC(),
                new EngineSettings(NodeConfig.defaults()), lanes);
        SseStreams streams = new SseStreams();
        bus.register(streams);
        group = new NioEventLoopGroup(1);
        server = new HttpServer(new HttpSettings("127.0.0.1", 0, Set.of("127.0.0.1"), Duration.ofSeconds(15),
                Duration.ofSeconds(3), Set.of(), 0, 0,
                new HttpSettings.Tls(dir.resolve("cert.pem"), dir.resolve("key.pem"))).withConnections(connections),
                engine, streams, group, new StreamTokens(new byte[32], Clock.systemUTC(), Duration.ofHours(1)));
        return server.start().getPort();
    }

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.stop();
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
            lanes.close();
            storage.close();
        }
    }

    /** A client context that trusts the test certificate. */
    private static SSLContext trusting(KeyStore keys) throws Exception {
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("server", keys.getCertificate("server"));
        trust.init(trusted);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, trust.getTrustManagers(), null);
        return tls;
    }

    @Test
    void streamsGoOverHttp2WithTls() throws Exception {
        KeyStore keys = certificate();
        int port = startServer(HttpSettings.Connections.UNLIMITED);
        JID alice = new JID("alice@localhost/t");
        engine.createNode(new CreateNode.Request(alice, "news")).get();
        SSLContext tls = trusting(keys);
        HttpClient client = HttpClient.newBuilder().sslContext(tls).version(HttpClient.Version.HTTP_2).build();
        HttpResponse<java.util.stream.Stream<String>> stream = client.send(
                HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/eventsource/news")).build(),
                HttpResponse.BodyHandlers.ofLines());
        assertThat(stream.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(stream.statusCode()).isEqualTo(200);
        engine.publish(new Publish.Request(alice, "news", List.of(new NewItem("t", "<e xmlns='urn:t'>secure</e>")))).get();
        assertThat(firstData(stream)).isEqualTo("data: <e xmlns='urn:t'>secure</e>");
        // a client that does not offer h2 gets HTTP/1.1 over the same TLS port
        HttpClient http1 = HttpClient.newBuilder().sslContext(tls).version(HttpClient.Version.HTTP_1_1).build();
        var page = http1.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/nodes")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
        assertThat(page.body()).isEqualTo("[\"news\"]");
        // and its streams: once started, the connection keeps TLS and the stream's own chunk framing only
        HttpResponse<java.util.stream.Stream<String>> stream1 = http1.send(
                HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/eventsource/news?lastEventId=1"))
                        .build(), HttpResponse.BodyHandlers.ofLines());
        assertThat(stream1.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
        engine.publish(new Publish.Request(alice, "news", List.of(new NewItem("t2", "<e xmlns='urn:t'>again</e>")))).get();
        assertThat(firstData(stream1)).isEqualTo("data: <e xmlns='urn:t'>again</e>");
    }

    @Test
    void overTlsARequestWithBothContentLengthAndTransferEncodingIsRefusedAndClosed_rfc9112_6_1() throws Exception {
        KeyStore keys = certificate();
        int port = startServer(HttpSettings.Connections.UNLIMITED);
        try (SSLSocket socket = (SSLSocket) trusting(keys).getSocketFactory().createSocket("127.0.0.1", port)) {
            socket.setSoTimeout(5000); // no ALPN offered: HTTP/1.1
            socket.getOutputStream().write(("POST /eventsource/news HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Content-Length: 41\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"
                    + "GET /nodes HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertThat(answer).startsWith("HTTP/1.1 400 Bad Request").containsOnlyOnce("HTTP/1.1 ");
        }
    }

    @Test
    void aConnectionThatNeverStartsItsTlsHandshakeIsClosedAfterTheRequestTimeout() throws Exception {
        certificate();
        int port = startServer(new HttpSettings.Connections(Duration.ofMillis(300), 0, 0));
        try (Socket silent = new Socket("127.0.0.1", port)) {
            silent.setSoTimeout(5000);
            assertThat(silent.getInputStream().read()).isEqualTo(-1);
        }
    }
}
