package org.pubsubserver.xmpp.stream;

/** Namespace names that the stream layer needs. */
public final class XmppNamespaces {
    /** The stream namespace, bound to the prefix "stream" (RFC 6120 §4.8.1). */
    public static final String STREAMS = "http://etherx.jabber.org/streams";
    /** The namespace of stream error conditions (RFC 6120 §4.9.3). */
    public static final String STREAM_ERRORS = "urn:ietf:params:xml:ns:xmpp-streams";
    /** The content namespace of an external component stream (XEP-0114). */
    public static final String COMPONENT_ACCEPT = "jabber:component:accept";
    /** The content namespace of client streams (RFC 6120 §4.8.2). */
    public static final String CLIENT = "jabber:client";
    /** The content namespace of server-to-server streams (RFC 6120 §4.8.2). */
    public static final String SERVER = "jabber:server";

    private XmppNamespaces() {
    }
}
