package org.pubsubserver.xmpp.stream;

import java.util.ArrayList;
import java.util.List;
import org.dom4j.Element;

/** Keeps what the parser reported, in order. */
final class RecordingListener implements XmppStreamListener {
    final List<StreamHeader> headers = new ArrayList<>();
    final List<Element> stanzas = new ArrayList<>();
    final List<String> events = new ArrayList<>();
    int closed;

    @Override
    public void streamOpened(StreamHeader header) {
        headers.add(header);
        events.add("open " + header);
    }

    @Override
    public void stanza(Element stanza) {
        stanzas.add(stanza);
        events.add("stanza " + stanza.asXML());
    }

    @Override
    public void streamClosed() {
        closed++;
        events.add("close");
    }
}
