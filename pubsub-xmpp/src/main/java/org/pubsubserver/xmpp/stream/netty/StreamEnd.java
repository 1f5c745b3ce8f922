package org.pubsubserver.xmpp.stream.netty;

/** Message emitted by {@link XmppStreamDecoder} when the peer's {@code </stream:stream>} arrives. */
public enum StreamEnd {
    INSTANCE
}
