package org.pubsubserver.server.e2e;

import org.jivesoftware.smack.ConnectionConfiguration.SecurityMode;
import org.jivesoftware.smack.provider.ProviderManager;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration;
import org.jivesoftware.smackx.pubsub.provider.AffiliationsProvider;
import org.jivesoftware.smackx.pubsub.provider.SubscriptionProvider;

/**
 * Real XMPP clients (Smack) logged in to the test server on loopback: stock Smack, with its own parsers only,
 * as a real app has them.
 */
final class XmppClients {
    private static final String PUBSUB_EVENT = "http://jabber.org/protocol/pubsub#event";
    private static final String PUBSUB_OWNER = "http://jabber.org/protocol/pubsub#owner";

    private XmppClients() {
    }

    static XMPPTCPConnection login(TestServers.Kind server, String user, String password) throws Exception {
        withoutSmackExperimentalsPubSubReader();
        XMPPTCPConnectionConfiguration config = XMPPTCPConnectionConfiguration.builder()
                .setXmppDomain("localhost")
                .setHost("127.0.0.1")
                .setPort(server.c2sPort)
                .setUsernameAndPassword(user, password)
                .setResource("e2e")
                .setSecurityMode(SecurityMode.disabled)
                .setSendPresence(true)
                .build();
        XMPPTCPConnection connection = new XMPPTCPConnection(config);
        connection.setReplyTimeout(15_000);
        connection.connect().login();
        return connection;
    }

    /**
     * What README.md tells Smack apps that have smack-experimental (for MamManager, XEP-0313) to do: its XEP-0357
     * push provider takes over every {@code <pubsub/>} in messages and closes the connection on an affiliation
     * notification (XEP-0060 §8.9.4) of any affiliation but none. Removed, {@code <pubsub/>} in a message is kept
     * unparsed, as smack-extensions alone has it. The e2e tests have smack-experimental for MamManager; without this
     * every client here would be that app.
     */
    static void withoutSmackExperimentalsPubSubReader() {
        ProviderManager.removeExtensionProvider("pubsub", "http://jabber.org/protocol/pubsub");
    }

    /**
     * What README.md tells Smack apps that use approvals or owners' subscription and affiliation lists to do:
     * register Smack's own parsers where stock Smack 4.4 and 4.5 have none, for the subscription state
     * notification (XEP-0060 §13.14, which stock Smack closes its connection on) and the owner's affiliation
     * list (§8.9.1.2). Registered until closed (Smack's providers are global to the JVM).
     */
    static AutoCloseable withReadersStockSmackLacks() {
        ProviderManager.addExtensionProvider("subscription", PUBSUB_EVENT, new SubscriptionProvider());
        ProviderManager.addExtensionProvider("affiliations", PUBSUB_OWNER, new AffiliationsProvider());
        return () -> {
            ProviderManager.removeExtensionProvider("subscription", PUBSUB_EVENT);
            ProviderManager.removeExtensionProvider("affiliations", PUBSUB_OWNER);
        };
    }
}
