package org.pubsubserver.core.backup;

import static org.pubsubserver.core.backup.ExportXml.AFFILIATION;
import static org.pubsubserver.core.backup.ExportXml.ARCHIVED;
import static org.pubsubserver.core.backup.ExportXml.CONFIG;
import static org.pubsubserver.core.backup.ExportXml.FIELD;
import static org.pubsubserver.core.backup.ExportXml.ITEM;
import static org.pubsubserver.core.backup.ExportXml.NAMESPACE;
import static org.pubsubserver.core.backup.ExportXml.NODE;
import static org.pubsubserver.core.backup.ExportXml.OPTION;
import static org.pubsubserver.core.backup.ExportXml.REDIRECT;
import static org.pubsubserver.core.backup.ExportXml.RETIRED;
import static org.pubsubserver.core.backup.ExportXml.ROOT;
import static org.pubsubserver.core.backup.ExportXml.SUBSCRIPTION;

import java.io.InputStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads an export (docs/EXPORT-FORMAT.md) as a stream, telling a {@link StoreSink} each row as it is read. Refuses,
 * with a {@link BackupException} saying what to do: what is not XML or not an export, an export of a newer format
 * version, and an export that is damaged or ends early (the sink has then been told part of it: the import's one
 * transaction is rolled back).
 */
final class ExportReader {
    private final String source;
    private XMLStreamReader xml;
    private boolean rootRead;

    /** {@code source}: the file's name or another word for where the export comes from, for messages. */
    ExportReader(String source) {
        this.source = source;
    }

    void read(InputStream in, StoreSink sink) {
        XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_COALESCING, true);
        try {
            xml = factory.createXMLStreamReader(in);
            try {
                readExport(sink);
            } finally {
                xml.close();
            }
        } catch (XMLStreamException e) {
            if (!rootRead) {
                throw notAnExport("it is not XML (" + firstLine(e.getMessage()) + ")", e);
            }
            throw damaged(firstLine(e.getMessage()), e);
        }
    }

    private void readExport(StoreSink sink) throws XMLStreamException {
        xml.nextTag();
        if (!ROOT.equals(xml.getLocalName()) || !NAMESPACE.equals(xml.getNamespaceURI())) {
            throw notAnExport("its root element is <" + xml.getLocalName() + "> in namespace '"
                    + (xml.getNamespaceURI() == null ? "" : xml.getNamespaceURI()) + "', not <" + ROOT + "> in '"
                    + NAMESPACE + "'", null);
        }
        rootRead = true;
        String version = xml.getAttributeValue(null, "format-version");
        int formatVersion;
        try {
            formatVersion = Integer.parseInt(version);
        } catch (NumberFormatException e) {
            throw damaged("its format-version is '" + version + "', not a number", e);
        }
        String software = optional("software-version", "unknown");
        if (formatVersion > StoreReader.FORMAT_VERSION) {
            throw new BackupException(source + " is an export of format version " + formatVersion + ", written by "
                    + "pubsub-server " + software + "; this version reads format " + StoreReader.FORMAT_VERSION
                    + " and older. Import it with pubsub-server " + software + " or newer. Nothing was imported.");
        }
        sink.begin(new StoreSink.Header(formatVersion, software, instant("exported"),
                xml.getAttributeValue(null, "nodes") == null ? -1 : number("nodes"),
                xml.getAttributeValue(null, "items") == null ? -1 : number("items")));
        boolean afterNodes = false;
        while (xml.nextTag() == XMLStreamConstants.START_ELEMENT) {
            String name = xml.getLocalName();
            if (NODE.equals(name) && !afterNodes) {
                readNode(sink);
            } else if (REDIRECT.equals(name)) {
                afterNodes = true;
                sink.redirect(new StoreSink.RedirectRow(required("name"), required("uri")));
                endOfEmpty();
            } else if (RETIRED.equals(name)) {
                afterNodes = true;
                sink.retired(new StoreSink.RetiredRow(required("name"), number("last-seq")));
                endOfEmpty();
            } else {
                throw unexpected();
            }
        }
        while (xml.hasNext()) { // a well-formed end: nothing but comments and white space after the root
            xml.next();
        }
        sink.end();
    }

    private void readNode(StoreSink sink) throws XMLStreamException {
        String name = required("name");
        String creator = required("creator");
        Instant created = instant("created");
        long lastSeq = number("last-seq");
        long removedSeq = number("removed-seq");
        long lostSeq = number("lost-seq");
        long itemCount = number("item-count");
        String parent = xml.getAttributeValue(null, "parent"); // optional: a node below the root has none
        if (xml.nextTag() != XMLStreamConstants.START_ELEMENT || !CONFIG.equals(xml.getLocalName())) {
            throw damaged("node " + name + " does not begin with its <" + CONFIG + ">", null);
        }
        Map<String, String> config = fields(FIELD);
        sink.node(new StoreSink.NodeRow(name, creator, created, config, lastSeq, removedSeq, lostSeq,
                (int) Math.min(itemCount, Integer.MAX_VALUE), parent));
        while (xml.nextTag() == XMLStreamConstants.START_ELEMENT) {
            switch (xml.getLocalName()) {
                case AFFILIATION -> {
                    sink.affiliation(new StoreSink.AffiliationRow(required("jid"), required("affiliation")));
                    endOfEmpty();
                }
                case SUBSCRIPTION -> sink.subscription(new StoreSink.SubscriptionRow(required("subid"),
                        required("jid"), required("state"), fields(OPTION)));
                case ITEM -> sink.item(new StoreSink.ItemRow(number("seq"), required("id"), required("publisher"),
                        instant("published"), xml.getElementText()));
                case ARCHIVED -> sink.archived(new StoreSink.ItemRow(number("seq"), required("id"),
                        required("publisher"), instant("published"), xml.getElementText()));
                default -> throw unexpected();
            }
        }
        sink.endNode();
    }

    /** The {@code <element var=...>value</element>} children of the current element, up to its end. */
    private Map<String, String> fields(String element) throws XMLStreamException {
        Map<String, String> fields = new LinkedHashMap<>();
        while (xml.nextTag() == XMLStreamConstants.START_ELEMENT) {
            if (!element.equals(xml.getLocalName())) {
                throw unexpected();
            }
            String var = required("var");
            fields.put(var, xml.getElementText());
        }
        return fields;
    }

    private void endOfEmpty() throws XMLStreamException {
        if (xml.nextTag() != XMLStreamConstants.END_ELEMENT) {
            throw unexpected();
        }
    }

    private String required(String attribute) {
        String value = xml.getAttributeValue(null, attribute);
        if (value == null) {
            throw damaged("<" + xml.getLocalName() + "> has no " + attribute + " attribute", null);
        }
        return value;
    }

    private String optional(String attribute, String otherwise) {
        String value = xml.getAttributeValue(null, attribute);
        return value == null ? otherwise : value;
    }

    private long number(String attribute) {
        String value = required(attribute);
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw damaged("<" + xml.getLocalName() + "> has " + attribute + "='" + value + "', not a number", e);
        }
    }

    private Instant instant(String attribute) {
        String value = required(attribute);
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw damaged("<" + xml.getLocalName() + "> has " + attribute + "='" + value + "', not a time", e);
        }
    }

    private BackupException unexpected() {
        return damaged("<" + xml.getLocalName() + "> is not expected there", null);
    }

    private BackupException notAnExport(String why, Throwable cause) {
        return new BackupException(source + " is not an export of pubsub-server: " + why
                + ". Nothing was imported. Give the file written by 'pubsub-admin export'.", cause);
    }

    private BackupException damaged(String why, Throwable cause) {
        String where = xml == null ? "" : " at line " + xml.getLocation().getLineNumber() + ", column "
                + xml.getLocation().getColumnNumber();
        return new BackupException(source + " is damaged or cut short" + where + " (" + why + "). Nothing was"
                + " imported. Export the store again, or restore the file from a good copy.", cause);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        String line = message.strip();
        int newline = line.lastIndexOf('\n');
        return newline < 0 ? line : line.substring(newline + 1).strip();
    }
}
