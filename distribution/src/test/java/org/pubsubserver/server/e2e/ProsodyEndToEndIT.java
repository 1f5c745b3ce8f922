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
}
