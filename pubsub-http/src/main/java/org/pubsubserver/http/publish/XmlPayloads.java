package org.pubsubserver.http.publish;

import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.dom4j.Document;
import org.dom4j.DocumentException;
import org.dom4j.Element;
import org.dom4j.Namespace;
import org.dom4j.QName;
import org.dom4j.io.SAXReader;
import org.pubsubserver.core.model.NewItem;
import org.xml.sax.SAXException;

/**
 * An XML body as {@code mod_pubsub_post} publishes it: an Atom feed (RFC 4287) as one item per entry, each named by
 * its {@code atom:id} (one is added where an entry has none, and {@code atom:published} where it has no time);
 * any other document as one item whose payload is its root element. Parsed without DTDs, so no entity is expanded
 * and no external file or URL is read, and at most {@value #MAX_DEPTH} elements deep.
 */
final class XmlPayloads {
    static final String ATOM = "http://www.w3.org/2005/Atom";
    /** The JDK parser's bound on element depth: the tree is written back out recursively. */
    private static final String MAX_ELEMENT_DEPTH = "http://www.oracle.com/xml/jaxp/properties/maxElementDepth";
    static final int MAX_DEPTH = 256;

    private XmlPayloads() {
    }

    static List<NewItem> items(byte[] body, String requestedId, Instant now) {
        Element root = parse(body);
        if (!(ATOM.equals(root.getNamespaceURI()) && "feed".equals(root.getName()))) {
            return List.of(new NewItem(requestedId, root.asXML()));
        }
        if (requestedId != null) {
            throw PublishRefusal.badRequest("a feed's items are named by its entries' atom:id, not by ?item=");
        }
        List<Element> entries = root.elements(QName.get("entry", ATOM));
        if (entries.isEmpty()) {
            throw PublishRefusal.badRequest("the Atom feed has no entry to publish");
        }
        List<NewItem> items = new ArrayList<>(entries.size());
        for (Element entry : entries) {
            // the namespaces declared on the feed go with each entry (asXML declares what the entry uses)
            Element detached = (Element) entry.clone();
            for (Namespace declared : root.declaredNamespaces()) {
                if (detached.getNamespaceForPrefix(declared.getPrefix()) == null) {
                    detached.add(declared);
                }
            }
            String id = detached.elementTextTrim(QName.get("id", ATOM));
            if (id == null || id.isEmpty()) {
                id = "urn:uuid:" + UUID.randomUUID();
                detached.addElement(QName.get("id", ATOM)).setText(id);
            }
            if (detached.element(QName.get("published", ATOM)) == null) {
                detached.addElement(QName.get("published", ATOM)).setText(now.truncatedTo(ChronoUnit.SECONDS).toString());
            }
            items.add(new NewItem(id, detached.asXML()));
        }
        return items;
    }

    private static Element parse(byte[] body) {
        try {
            SAXReader reader = SAXReader.createDefault();
            reader.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            reader.setProperty(MAX_ELEMENT_DEPTH, Integer.toString(MAX_DEPTH));
            Document document = reader.read(new ByteArrayInputStream(body));
            return document.getRootElement();
        } catch (DocumentException | SAXException e) {
            throw PublishRefusal.badRequest("the body is not well-formed XML: " + e.getMessage());
        }
    }
}
