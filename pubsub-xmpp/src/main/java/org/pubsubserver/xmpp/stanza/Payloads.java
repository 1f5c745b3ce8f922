package org.pubsubserver.xmpp.stanza;

import java.io.StringReader;
import org.dom4j.Document;
import org.dom4j.DocumentException;
import org.dom4j.Element;
import org.dom4j.io.SAXReader;
import org.xml.sax.SAXException;

/** Payload XML as stored (text) and as put into stanzas (elements). */
public final class Payloads {
    private Payloads() {
    }

    /** The element's XML text, namespace declarations included. */
    public static String toXml(Element payload) {
        return payload.asXML();
    }

    /** Parses stored payload XML back into a detached element; DTDs and external entities are refused. */
    public static Element parse(String xml) {
        try {
            SAXReader reader = SAXReader.createDefault();
            reader.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Document document = reader.read(new StringReader(xml));
            return document.getRootElement().detach() instanceof Element e ? e : null;
        } catch (DocumentException | SAXException e) {
            throw new IllegalStateException("stored payload is not well-formed XML: " + e.getMessage(), e);
        }
    }
}
