package org.pubsubserver.xmpp.stream;

import org.dom4j.Element;

/** Receives what {@link XmppStreamParser} finds, on the thread that calls {@link XmppStreamParser#feed}. */
public interface XmppStreamListener {

    /** The peer's {@code <stream:stream>} start tag has arrived. */
    void streamOpened(StreamHeader header);

    /** A complete top-level child of the stream (a stanza, handshake, stream error...), detached from any document. */
    void stanza(Element stanza);

    /** The peer's {@code </stream:stream>} has arrived. */
    void streamClosed();
}
