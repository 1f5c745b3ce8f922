package org.pubsubserver.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pubsubserver.server.config.ConfigLoader;
import org.pubsubserver.server.config.ServerConfig;

/**
 * The operators' listener of the assembled server (issue 15): {@code /metrics} in Prometheus' text format with the
 * metrics the issue names, counting what happened; {@code /health/live}; {@code /health/ready} following the link.
 */
class AdminListenerTest {
    private static final String SERVICE = PubSubServerTest.SERVICE;

    @TempDir
    Path home;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void metricsCountPublishesErrorsNotificationsStreamsAndRetractions() throws Exception {
        try (XmppServerSide xmpp = new XmppServerSide(); PubSubServer server = start(xmpp.port())) {
            String admin = "http://127.0.0.1:" + server.adminAddress().getPort();
            assertThat(value(scrape(admin), "pubsub_link_up")).isEqualTo(1);
            assertThat(value(scrape(admin), "pubsub_sse_streams")).isZero();

            assertThat(xmpp.pubsub("c1", "alice@localhost/desk",
                    "<create node='news'/>").attributeValue("type")).isEqualTo("result");
            assertThat(xmpp.pubsub("s1", "bob@localhost/phone",
                    "<subscribe node='news' jid='bob@localhost'/>").attributeValue("type")).isEqualTo("result");
            URI stream = URI.create("http://127.0.0.1:" + server.httpAddress().getPort() + "/eventsource/news");
            HttpResponse<Stream<String>> reading = http.send(HttpRequest.newBuilder(stream).build(),
                    HttpResponse.BodyHandlers.ofLines());
            assertThat(reading.statusCode()).isEqualTo(200);
            Iterator<String> lines = reading.body().iterator();
            awaitValue(admin, "pubsub_sse_streams", 1);

            assertThat(xmpp.pubsub("p1", "alice@localhost/desk",
                    "<publish node='news'><item id='first'><x xmlns='urn:t'/></item></publish>")
                    .attributeValue("type")).isEqualTo("result");
            xmpp.next(XmppServerSide.message("bob@localhost"));
            // bob is a subscriber, not a publisher (publish_model publishers): forbidden (§7.1.3.1)
            assertThat(xmpp.pubsub("p2", "bob@localhost/phone",
                    "<publish node='news'><item id='second'><x xmlns='urn:t'/></item></publish>")
                    .element("error").element("forbidden")).isNotNull();
            assertThat(xmpp.pubsub("r1", "alice@localhost/desk",
                    "<retract node='news'><item id='first'/></retract>").attributeValue("type")).isEqualTo("result");
            xmpp.send("<iq type='set' id='d1' from='alice@localhost/desk' to='" + SERVICE + "'><pubsub "
                    + "xmlns='http://jabber.org/protocol/pubsub#owner'><delete node='news'/></pubsub></iq>");
            assertThat(xmpp.next(XmppServerSide.iq("d1")).attributeValue("type")).isEqualTo("result");
            while (lines.hasNext()) {
                lines.next(); // the stream ends after the node's delete
            }
            awaitValue(admin, "pubsub_sse_streams", 0);
            // a publish over HTTP without credentials (issue 17)
            HttpResponse<String> unsigned = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                            + server.httpAddress().getPort() + "/pubsub_post/news"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(unsigned.statusCode()).isEqualTo(401);

            String metrics = scrape(admin);
            assertThat(value(metrics, "pubsub_http_publishes_total{status=\"401\"}")).isEqualTo(1);
            assertThat(value(metrics, "pubsub_http_publishes_total{status=\"202\"}")).isZero();
            assertThat(value(metrics, "pubsub_publishes_total{outcome=\"published\"}")).isEqualTo(1);
            assertThat(value(metrics, "pubsub_publishes_total{outcome=\"forbidden\"}")).isEqualTo(1);
            assertThat(value(metrics, "pubsub_publishes_total{outcome=\"failed\"}")).isZero();
            assertThat(value(metrics, "pubsub_iq_errors_total{condition=\"forbidden\"}")).isEqualTo(1);
            assertThat(value(metrics, "pubsub_items_retracted_total")).isEqualTo(1);
            // the item and the delete, to bob (pubsub#notify_retract is off by default)
            assertThat(value(metrics, "pubsub_notifications_sent_total")).isEqualTo(2);
            // the item and the delete, on the one stream (an untold retraction is not an event there either)
            assertThat(value(metrics, "pubsub_sse_events_total")).isEqualTo(2);
            assertThat(value(metrics, "pubsub_sse_streams_closed_total{reason=\"node_deleted\"}")).isEqualTo(1);
            assertThat(value(metrics, "pubsub_sse_streams_closed_total{reason=\"client\"}")).isZero();
            assertThat(value(metrics, "pubsub_link_reconnects_total")).isZero();
            assertThat(value(metrics, "pubsub_lane_queue_depth{lane=\"0\"}")).isZero();
            assertThat(value(metrics, "pubsub_group_commit_size_count")).isPositive();
            assertThat(metrics).contains("pubsub_group_commit_seconds_bucket{le=")
                    .contains("hikaricp_connections{pool=").contains("jvm_memory_used_bytes{")
                    .contains("# TYPE pubsub_publishes_total counter");
        }
    }

    @Test
    void theOperatorListsShowsAndDeletesThroughTheRunningServerAndSubscribersAreTold_8_4_2() throws Exception {
        try (XmppServerSide xmpp = new XmppServerSide(); PubSubServer server = start(xmpp.port())) {
            String admin = "http://127.0.0.1:" + server.adminAddress().getPort();
            assertThat(xmpp.pubsub("c1", "alice@localhost/desk",
                    "<create node='news/today'/>").attributeValue("type")).isEqualTo("result");
            assertThat(xmpp.pubsub("s1", "bob@localhost/phone",
                    "<subscribe node='news/today' jid='bob@localhost'/>").attributeValue("type")).isEqualTo("result");
            assertThat(xmpp.pubsub("p1", "alice@localhost/desk",
                    "<publish node='news/today'><item id='old'><x xmlns='urn:t'/></item></publish>")
                    .attributeValue("type")).isEqualTo("result");

            assertThat(get(admin + "/nodes").body()).isEqualTo("[{\"node\":\"news/today\",\"owners\":"
                    + "[\"alice@localhost\"],\"items\":1,\"subscriptions\":1}]\n");
            assertThat(get(admin + "/nodes?format=text").body()).contains("news/today").contains("alice@localhost")
                    .endsWith("1 node\n");
            HttpResponse<String> node = get(admin + "/node?node=news%2Ftoday");
            assertThat(node.statusCode()).isEqualTo(200);
            assertThat(node.body()).contains("\"pubsub#max_items\":").contains("\"jid\":\"bob@localhost\"")
                    .contains("\"id\":\"old\"").contains("\"payload\":\"<x xmlns=\\\"urn:t\\\"></x>\"");
            assertThat(get(admin + "/node?node=nothing").statusCode()).isEqualTo(404);

            Thread.sleep(1100); // "old" is now more than a second old
            assertThat(xmpp.pubsub("p2", "alice@localhost/desk",
                    "<publish node='news/today'><item id='new'><x xmlns='urn:t'/></item></publish>")
                    .attributeValue("type")).isEqualTo("result");
            HttpResponse<String> deleted = post(admin + "/delete-items?node=news%2Ftoday&older-than=1s");
            assertThat(deleted.body()).isEqualTo("{\"node\":\"news/today\",\"deleted_items\":1}\n");
            assertThat(post(admin + "/delete-items?node=news%2Ftoday&older-than=soon").statusCode()).isEqualTo(400);
            assertThat(get(admin + "/node?node=news%2Ftoday").body()).contains("\"id\":\"new\"")
                    .doesNotContain("\"id\":\"old\"");

            assertThat(post(admin + "/delete-node?node=news%2Ftoday").statusCode()).isEqualTo(200);
            // deleted as its owner would: the subscriber is told (XEP-0060 §8.4.2)
            assertThat(xmpp.next(XmppServerSide.message("bob@localhost").and(m -> m.element("event") != null
                    && m.element("event").element("delete") != null)).element("event").element("delete")
                    .attributeValue("node")).isEqualTo("news/today");
            assertThat(get(admin + "/node?node=news%2Ftoday").statusCode()).isEqualTo(404);
            assertThat(post(admin + "/delete-node?node=news%2Ftoday").statusCode()).isEqualTo(404);
            assertThat(get(admin + "/nodes").body()).isEqualTo("[]\n");
        }
    }

    @Test
    void readinessFollowsTheLinkAndLivenessAnswersThroughout() throws Exception {
        try (XmppServerSide xmpp = new XmppServerSide(); PubSubServer server = start(xmpp.port())) {
            String admin = "http://127.0.0.1:" + server.adminAddress().getPort();
            HttpResponse<String> ready = get(admin + "/health/ready");
            assertThat(ready.statusCode()).isEqualTo(200);
            assertThat(ready.body()).contains("\"status\":\"ok\"");
            assertThat(ready.headers().firstValue("Content-Type")).hasValue("application/json");

            xmpp.close(); // the XMPP server goes away: the link is down until it can link again
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            do {
                ready = get(admin + "/health/ready");
            } while (ready.statusCode() == 200 && System.nanoTime() < deadline);
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(ready.body()).contains("\"status\":\"unavailable\"")
                    .contains("the component link to the XMPP server is not up (connecting)");
            assertThat(get(admin + "/health/live").statusCode()).isEqualTo(200);
            assertThat(value(scrape(admin), "pubsub_link_up")).isZero();
            assertThat(value(scrape(admin), "pubsub_link_reconnects_total")).isPositive();
            assertThat(get(admin + "/no-such-thing").statusCode()).isEqualTo(404);
            HttpResponse<String> posted = http.send(HttpRequest.newBuilder(URI.create(admin + "/metrics"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(posted.statusCode()).isEqualTo(405);
        }
    }

    @Test
    void withATokenEveryRequestButTheHealthChecksMustBearIt_rfc6750_2_1() throws Exception {
        try (XmppServerSide xmpp = new XmppServerSide();
             PubSubServer server = start(xmpp.port(), Map.of(ConfigLoader.environmentName("admin.token"), "s3cret"))) {
            String admin = "http://127.0.0.1:" + server.adminAddress().getPort();
            HttpResponse<String> refused = get(admin + "/metrics");
            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"pubsub-admin\"");
            assertThat(http.send(HttpRequest.newBuilder(URI.create(admin + "/nodes"))
                    .header("Authorization", "Bearer wrong").build(), HttpResponse.BodyHandlers.ofString())
                    .statusCode()).isEqualTo(401);
            assertThat(post(admin + "/delete-node?node=any").statusCode()).isEqualTo(401);
            assertThat(http.send(HttpRequest.newBuilder(URI.create(admin + "/metrics"))
                    .header("Authorization", "Bearer s3cret").build(), HttpResponse.BodyHandlers.ofString())
                    .statusCode()).isEqualTo(200);
            // load balancers and service managers ask these without credentials
            assertThat(get(admin + "/health/live").statusCode()).isEqualTo(200);
            assertThat(get(admin + "/health/ready").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void withoutATokenNoWebPageCanDriveTheOperatorsRoutes() throws Exception {
        try (XmppServerSide xmpp = new XmppServerSide(); PubSubServer server = start(xmpp.port())) {
            int port = server.adminAddress().getPort();
            // a cross-site form POST carries no header of its own
            assertThat(raw(port, "POST /delete-node?node=any HTTP/1.1\r\nHost: 127.0.0.1:" + port
                    + "\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 0\r\n"
                    + "Connection: close\r\n\r\n")).isEqualTo("HTTP/1.1 403 Forbidden");
            // a page whose name was made to resolve here (DNS rebinding) sends its own name as Host
            assertThat(raw(port, "GET /export HTTP/1.1\r\nHost: evil.example:" + port
                    + "\r\nX-Pubsub-Admin: 1\r\nConnection: close\r\n\r\n")).isEqualTo("HTTP/1.1 403 Forbidden");
            assertThat(raw(port, "GET /nodes HTTP/1.1\r\nHost: localhost:" + port
                    + "\r\nX-Pubsub-Admin: 1\r\nConnection: close\r\n\r\n")).isEqualTo("HTTP/1.1 200 OK");
            assertThat(raw(port, "GET /nodes HTTP/1.1\r\nHost: [::1]:" + port
                    + "\r\nX-Pubsub-Admin: 1\r\nConnection: close\r\n\r\n")).isEqualTo("HTTP/1.1 200 OK");
            // what Prometheus and load balancers ask needs neither
            assertThat(raw(port, "GET /metrics HTTP/1.1\r\nHost: pubsub.internal:" + port
                    + "\r\nConnection: close\r\n\r\n")).isEqualTo("HTTP/1.1 200 OK");
        }
    }

    @Test
    void aTakenAdminPortStopsTheStartWithASentenceNamingTheSetting() throws Exception {
        try (XmppServerSide xmpp = new XmppServerSide();
             ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            PubSubServer server = new PubSubServer(config(xmpp.port(), taken.getLocalPort()));
            org.assertj.core.api.Assertions.assertThatThrownBy(server::start)
                    .hasMessageContaining("127.0.0.1:" + taken.getLocalPort())
                    .hasMessageContaining("admin.port");
        }
    }

    private PubSubServer start(int xmppPort) throws Exception {
        return start(xmppPort, Map.of());
    }

    private PubSubServer start(int xmppPort, Map<String, String> more) throws Exception {
        int adminPort;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            adminPort = free.getLocalPort();
        }
        PubSubServer server = new PubSubServer(config(xmppPort, adminPort, more));
        server.start();
        server.awaitLinkUp().get(10, TimeUnit.SECONDS);
        return server;
    }

    private ServerConfig config(int xmppPort, int adminPort) {
        return config(xmppPort, adminPort, Map.of());
    }

    private ServerConfig config(int xmppPort, int adminPort, Map<String, String> more) {
        Map<String, String> environment = new java.util.HashMap<>(more);
        environment.putAll(Map.of(
                ConfigLoader.environmentName("xmpp.port"), String.valueOf(xmppPort),
                ConfigLoader.environmentName("xmpp.initial-backoff"), "100ms",
                ConfigLoader.environmentName("http.port"), "0",
                ConfigLoader.environmentName("http.hosts"), "127.0.0.1",
                ConfigLoader.environmentName("engine.expiry-sweep-interval"), "0s",
                ConfigLoader.environmentName("admin.port"), String.valueOf(adminPort)));
        return new ConfigLoader(environment, home).load(null);
    }

    /** A GET as bin/pubsub-admin sends it (with the header no web page can send). */
    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("X-Pubsub-Admin", "1").build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("X-Pubsub-Admin", "1")
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A request written by hand on a socket (the test can then name any Host); returns the status line. */
    private static String raw(int port, String request) throws Exception {
        try (java.net.Socket socket = new java.net.Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                    java.nio.charset.StandardCharsets.US_ASCII)).readLine();
        }
    }

    private String scrape(String admin) throws Exception {
        HttpResponse<String> response = get(admin + "/metrics");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/plain; version=0.0.4"));
        return response.body();
    }

    private void awaitValue(String admin, String series, double expected) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (value(scrape(admin), series) != expected && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(value(scrape(admin), series)).as(series).isEqualTo(expected);
    }

    /** The value of one series (its name with its labels, as written), or fails when it is not there. */
    static double value(String metrics, String series) {
        Matcher line = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(metrics);
        assertThat(line.find()).as("the series " + series + " in\n" + metrics).isTrue();
        return Double.parseDouble(line.group(1));
    }
}
