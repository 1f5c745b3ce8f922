package org.pubsubserver.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.dom4j.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pubsubserver.server.config.ConfigLoader;
import org.pubsubserver.server.config.ServerConfig;

/**
 * The server as {@link ServerAssembly} builds it, in-process, behind a minimal XMPP server of this test: what the
 * link receives reaches the router, replies and notifications (listeners on the event bus) and what presence sets
 * off leave through the link.
 */
class PubSubServerTest {
    static final String SERVICE = "pubsub.localhost";

    @TempDir
    Path home;

    @Test
    void theAssembledServerAnswersNotifiesAndReactsToPresenceOverItsLink() throws Exception {
        try (XmppServerSide xmpp = new XmppServerSide()) {
            ServerConfig config = new ConfigLoader(Map.of(
                    ConfigLoader.environmentName("xmpp.port"), String.valueOf(xmpp.port()),
                    ConfigLoader.environmentName("http.port"), "0",
                    ConfigLoader.environmentName("engine.expiry-sweep-interval"), "0s",
                    ConfigLoader.environmentName("admin.port"), "0"), home).load(null);
            try (PubSubServer server = new PubSubServer(config)) {
                server.start();
                server.awaitLinkUp().get(10, TimeUnit.SECONDS);
                assertThat(server.httpAddress().getPort()).isPositive();

                assertThat(xmpp.pubsub("c1", "alice@localhost/desk",
                        "<create node='news'/>").attributeValue("type")).isEqualTo("result");
                assertThat(xmpp.pubsub("s1", "bob@localhost/phone",
                        "<subscribe node='news' jid='bob@localhost'/>").attributeValue("type")).isEqualTo("result");
                assertThat(xmpp.pubsub("p1", "alice@localhost/desk",
                        "<publish node='news'><item id='first'><x xmlns='urn:t'/></item></publish>")
                        .attributeValue("type")).isEqualTo("result");
                Element notification = xmpp.next(XmppServerSide.message("bob@localhost"));
                assertThat(notification.element("event").element("items").element("item").attributeValue("id"))
                        .isEqualTo("first");
                assertThat(notification.element("delay")).isNull();

                // on_sub_and_presence, the default: a resource that comes online gets the last item
                xmpp.send("<presence from='bob@localhost/tablet' to='" + SERVICE + "'/>");
                Element last = xmpp.next(XmppServerSide.message("bob@localhost/tablet"));
                assertThat(last.element("event").element("items").element("item").attributeValue("id"))
                        .isEqualTo("first");
                assertThat(last.element("delay")).isNotNull();
            }
        }
    }
}
