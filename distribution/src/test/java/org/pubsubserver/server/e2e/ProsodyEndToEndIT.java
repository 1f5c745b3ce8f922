package org.pubsubserver.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.UUID;
import org.jivesoftware.smackx.pubsub.PayloadItem;
import org.jivesoftware.smackx.pubsub.SimplePayload;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;

/** The end-to-end scenario through a real Prosody 0.12. */
class ProsodyEndToEndIT extends EndToEndScenario {
    ProsodyEndToEndIT() {
        super(TestServers.Kind.PROSODY);
    }

    @BeforeAll
    static void startProsody() throws Exception {
        TestServers.start(TestServers.Kind.PROSODY);
    }

    @AfterAll
    static void stopProsody() {
        stopQuietly(TestServers.Kind.PROSODY);
    }

    /** Prosody 0.12 grants no XEP-0356 roster access to components. */
    @Test
    void presenceAndRosterAccessModelsAreNotOffered_8_1_2() throws Exception {
        AccessAndApprovalFlows.presenceAndRosterNotOffered(alice(), "e2e-presence-" + UUID.randomUUID());
    }

    /** The web page at / (issue 5): a real browser subscribes with EventSource and shows what XMPP publishes. */
    @Test
    void theWebPageShowsAnItemPublishedOverXmppInHeadlessChromium() throws Exception {
        String node = "e2e-page-" + UUID.randomUUID();
        var published = AccessAndApprovalFlows.pubsub(alice()).createNode(node);
        WebDriver browser = Browser.start();
        try {
            browser.get("http://" + TestServers.COMPONENT + ":" + httpPort() + "/?node=" + node);
            assertThat(Browser.waitFor(Duration.ofSeconds(20),
                    () -> "open".equals(browser.findElement(By.id("status")).getText())))
                    .as("the page's EventSource is open; status: %s", browser.findElement(By.id("status")).getText())
                    .isTrue();
            assertThat(browser.findElement(By.id("nodes")).getText()).contains(node);
            published.publish(new PayloadItem<>("hello", new SimplePayload(
                    "<entry xmlns='urn:example:e2e'>Hello from XMPP</entry>")));
            assertThat(Browser.waitFor(Duration.ofSeconds(20), () -> browser.findElements(By.cssSelector("#events li"))
                    .stream().anyMatch(li -> li.getText().contains("Hello from XMPP"))))
                    .as("the page shows the item").isTrue();
        } finally {
            browser.quit();
        }
    }

    /** A node that is not open is read over SSE with a token obtained over XMPP (issue 5, access control). */
    @Test
    void aWhitelistNodeIsStreamedWithATokenFromTheAdHocCommand() throws Exception {
        String node = "e2e-token-" + UUID.randomUUID();
        var owned = AccessAndApprovalFlows.createNode(alice(), node, org.jivesoftware.smackx.pubsub.AccessModel.whitelist);
        var command = org.jivesoftware.smackx.commands.AdHocCommandManager.getAddHocCommandsManager(alice())
                .getRemoteCommand(org.jxmpp.jid.impl.JidCreate.from(TestServers.COMPONENT), "urn:pubsubserver:sse-token");
        command.execute();
        String token = command.getForm().getField("token").getFirstValue();
        try (var anonymous = eventSource(node)) {
            var refused = org.assertj.core.api.Assertions.catchThrowable(anonymous::start);
            assertThat(refused).as("without a token").hasMessageContaining("401");
        }
        try (var sse = eventSource(node + "?token=" + token)) {
            sse.start();
            owned.publish(new PayloadItem<>("x", new SimplePayload("<entry xmlns='urn:example:e2e'>for members</entry>")));
            assertThat(sse.readMessage().getData()).contains("for members");
        }
    }

    /** Node's built-in EventSource (a browser's implementation) resumes across a restart of our server. */
    @Test
    void nodesBuiltInEventSourceResumesAcrossARestartWithNothingLostOrRepeated() throws Exception {
        // Node 20's EventSource (undici) gives up after one failed reconnection (browsers keep trying): a retry
        // hint longer than a restart takes on a loaded machine makes its one attempt find the server up again
        setServerEnvironment("PUBSUB_HTTP_RETRY", "8s");
        restartServer();
        String node = "e2e-node-client-" + UUID.randomUUID();
        var published = AccessAndApprovalFlows.pubsub(alice()).createNode(node);
        java.nio.file.Path script = java.nio.file.Path.of("src/test/resources/e2e/eventsource-client.mjs").toAbsolutePath();
        Process client = new ProcessBuilder("node", "--experimental-eventsource", "--no-warnings", script.toString(),
                "http://127.0.0.1:" + httpPort() + "/eventsource/" + node).redirectErrorStream(true).start();
        java.util.concurrent.BlockingQueue<String> lines = new java.util.concurrent.LinkedBlockingQueue<>();
        Thread readerThread = new Thread(() -> {
            try (var reader = new java.io.BufferedReader(new java.io.InputStreamReader(client.getInputStream(),
                    java.nio.charset.StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    lines.add(line);
                }
            } catch (java.io.IOException e) {
                lines.add("reader failed: " + e);
            }
        });
        readerThread.start();
        try {
            assertThat(nextOfType(lines, "open")).as("the client connected").isNotNull();
            published.publish(new PayloadItem<>("1", new SimplePayload("<entry xmlns='urn:example:e2e'>one</entry>")));
            assertThat(nextOfType(lines, "message")).contains("one");
            restartServer();
            published.publish(new PayloadItem<>("2", new SimplePayload("<entry xmlns='urn:example:e2e'>two</entry>")));
            published.publish(new PayloadItem<>("3", new SimplePayload("<entry xmlns='urn:example:e2e'>three</entry>")));
            assertThat(nextOfType(lines, "message")).contains("two");
            assertThat(nextOfType(lines, "message")).contains("three");
            // nothing repeated: no further message within a second
            String more;
            while ((more = lines.poll(1, java.util.concurrent.TimeUnit.SECONDS)) != null) {
                assertThat(more).doesNotContain("\"type\":\"message\"");
            }
        } finally {
            client.getOutputStream().close();
            client.destroy();
            client.waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    /** The next line of the Node client of this type (skipping others), or null after 30 s. */
    private static String nextOfType(java.util.concurrent.BlockingQueue<String> lines, String type) throws InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            String line = lines.poll(100, java.util.concurrent.TimeUnit.MILLISECONDS);
            if (line != null && line.contains("\"type\":\"" + type + "\"")) {
                return line;
            }
        }
        return null;
    }
}
