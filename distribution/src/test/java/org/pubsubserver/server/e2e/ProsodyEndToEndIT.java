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
}
