package org.pubsubserver.server.e2e;

import org.jivesoftware.smack.ConnectionConfiguration.SecurityMode;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration;

/** Real XMPP clients (Smack) logged in to the test server on loopback. */
final class XmppClients {
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
