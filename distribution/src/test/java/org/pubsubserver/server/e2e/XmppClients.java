package org.pubsubserver.server.e2e;

import org.jivesoftware.smack.ConnectionConfiguration.SecurityMode;
import org.jivesoftware.smack.provider.ProviderManager;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration;
import org.jivesoftware.smackx.pubsub.provider.AffiliationsProvider;
import org.jivesoftware.smackx.pubsub.provider.SubscriptionProvider;

/** Real XMPP clients (Smack) logged in to the test server on loopback. */
final class XmppClients {
    static {
        // Smack 4.4.8 registers its parsers for <affiliations/> only in the pubsub namespace and for
        // <subscription/> not in pubsub#event, so it cannot read the owner's affiliation list (XEP-0060
        // §8.9.1.2) nor a subscription state notification (§13.14) although both are as the XEP gives
        // them. Its own parsers, registered for those namespaces too, read them.
        ProviderManager.addExtensionProvider("affiliations", "http://jabber.org/protocol/pubsub#owner",
                new AffiliationsProvider());
        ProviderManager.addExtensionProvider("subscription", "http://jabber.org/protocol/pubsub#event",
                new SubscriptionProvider());
    }

    private XmppClients() {
    }

    static XMPPTCPConnection login(TestServers.Kind server, String user, String password) throws Exception {
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
}
