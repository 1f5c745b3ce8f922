package org.pubsubserver.xmpp.mam;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.dom4j.Element;
import org.pubsubserver.core.archive.ArchiveIds;
import org.pubsubserver.core.model.Item;
import org.pubsubserver.core.model.Node;
import org.pubsubserver.xmpp.notify.EventXml;
import org.pubsubserver.xmpp.stanza.Namespaces;
import org.pubsubserver.xmpp.stanza.XmlWriter;
import org.xmpp.packet.IQ;

/**
 * What a query of a node's archive sends: one message per item (XEP-0313 §4.2), each a forwarded pubsub event made as
 * the node's notifications are made (XEP-0442: one item each, its payload as the node delivers payloads, the
 * publisher where itemreply says), with the time it was published (XEP-0203); then the IQ result with {@code <fin/>}
 * and the page's first and last ids (§4.3).
 */
final class ArchiveResults {
    private final String serviceJid;
    private final ArchiveIds ids;
    private final String idPrefix = "mam-" + Long.toString(System.nanoTime() & 0xffffff, 36) + "-";
    private final AtomicLong counter = new AtomicLong();

    ArchiveResults(String serviceJid, ArchiveIds ids) {
        this.serviceJid = serviceJid;
        this.ids = ids;
    }

    String message(String to, String queryId, Node node, Item item) {
        String event = EventXml.items(node, List.of(item));
        XmlWriter xml = new XmlWriter(event.length() + 512).start("message").attribute("from", serviceJid)
                .attribute("to", to).attribute("id", idPrefix + counter.incrementAndGet())
                .start("result").namespace(Namespaces.MAM);
        if (queryId != null) {
            xml.attribute("queryid", queryId);
        }
        xml.attribute("id", ids.idOf(node.name(), item.sequence()))
                .start("forwarded").namespace(Namespaces.FORWARD).raw(EventXml.delay(item))
                .start("message").namespace("jabber:client").attribute("from", serviceJid);
        if ("headline".equals(node.config().notificationType())) {
            xml.attribute("type", "headline");
        }
        return xml.raw(event).end().end().end().end().toXml();
    }

    /** The IQ result that ends the query: {@code complete} when no result lies beyond the page (§4.3.2). */
    IQ fin(IQ request, Node node, List<Item> page, boolean complete) {
        IQ result = IQ.createResultIQ(request);
        Element fin = result.setChildElement("fin", Namespaces.MAM);
        if (complete) {
            fin.addAttribute("complete", "true");
        }
        Element set = fin.addElement("set", Namespaces.RSM);
        if (!page.isEmpty()) {
            set.addElement("first").setText(ids.idOf(node.name(), page.get(0).sequence()));
            set.addElement("last").setText(ids.idOf(node.name(), page.get(page.size() - 1).sequence()));
        }
        return result;
    }
}
