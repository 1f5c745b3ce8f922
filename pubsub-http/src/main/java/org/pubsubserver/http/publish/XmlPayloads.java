package org.pubsubserver.http.publish;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParserFactory;
import org.dom4j.Document;
import org.dom4j.DocumentException;
import org.dom4j.Element;
import org.dom4j.Namespace;
import org.dom4j.QName;
import org.dom4j.io.SAXReader;
import org.pubsubserver.core.model.NewItem;
import org.xml.sax.SAXException;
import org.xml.sax.XMLReader;

/**
 * An XML body as {@code mod_pubsub_post} publishes it: an Atom feed (RFC 4287) as one item per entry (at most
 * {@value #MAX_ENTRIES}, {@value #MAX_FEED_CHARS} characters in all), each named by its {@code atom:id} (one is added where an entry has none, and {@code atom:published} where it has no time);
 * any other document as one item whose payload is its root element. Parsed without DTDs, so no entity is expanded
 * and no external file or URL is read, and at most {@value #MAX_DEPTH} elements deep.
 */
final class XmlPayloads {
    static final String ATOM = "http://www.w3.org/2005/Atom";
    /** The JDK parser's bound on element depth: the tree is written back out recursively. */
    private static final String MAX_ELEMENT_DEPTH = "http://www.oracle.com/xml/jaxp/properties/maxElementDepth";
    static final int MAX_DEPTH = 256;
    /**
     * A feed is one publish, so its items go out in one notification: at most this many entries and this many
     * characters of them, so that the notification stays within what XMPP servers take in one stanza (Prosody takes
     * 512 KiB between servers, 256 KiB from clients). A larger feed is posted in parts.
     */
    static final int MAX_ENTRIES = 100;
    static final int MAX_FEED_CHARS = 256 * 1024;

    /**
     * A parser per thread (the event loops), built once: making one per request (dom4j's
     * {@code SAXReader.createDefault}, which looks a factory up and has a feature refused) cost more than the rest
     * of an XML publish. A SAX parser may parse again once a parse has ended, failed or not.
     */
    private final ThreadLocal<SAXReader> readers = ThreadLocal.withInitial(XmlPayloads::newReader);

    List<NewItem> items(byte[] body, String requestedId, Instant now) {
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
        if (entries.size() > MAX_ENTRIES) {
            throw tooLarge("the feed has " + entries.size() + " entries; one publish takes at most " + MAX_ENTRIES);
        }
        List<NewItem> items = new ArrayList<>(entries.size());
        long chars = 0;
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
            String xml = detached.asXML();
            chars += xml.length();
            if (chars > MAX_FEED_CHARS) {
                throw tooLarge("the feed's entries are more than the " + MAX_FEED_CHARS
                        + " characters one publish takes (they go out in one notification)");
            }
            items.add(new NewItem(id, xml));
        }
        return items;
    }

    private static PublishRefusal tooLarge(String why) {
        return new PublishRefusal(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "payload-too-big",
                why + ": post the feed in parts");
    }

    private Element parse(byte[] body) {
        try {
            Document document = readers.get().read(new ByteArrayInputStream(body));
            return document.getRootElement();
        } catch (DocumentException e) {
            throw PublishRefusal.badRequest("the body is not well-formed XML: " + e.getMessage());
        }
    }

    /** The JDK's SAX parser, namespace aware, without DTDs (so without entities), at most {@value #MAX_DEPTH} deep. */
    private static SAXReader newReader() {
        try {
            SAXParserFactory factory = SAXParserFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            XMLReader parser = factory.newSAXParser().getXMLReader();
            parser.setProperty(MAX_ELEMENT_DEPTH, Integer.toString(MAX_DEPTH));
            return new SAXReader(parser);
        } catch (ParserConfigurationException | SAXException e) {
            throw new IllegalStateException("the JDK's SAX parser takes these settings", e);
        }
    }
}
