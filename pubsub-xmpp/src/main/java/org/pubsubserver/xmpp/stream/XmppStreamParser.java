package org.pubsubserver.xmpp.stream;

import com.fasterxml.aalto.AsyncByteArrayFeeder;
import com.fasterxml.aalto.AsyncXMLInputFactory;
import com.fasterxml.aalto.AsyncXMLStreamReader;
import com.fasterxml.aalto.stax.InputFactoryImpl;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;
import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import org.dom4j.Element;

/**
 * Incremental parser of one inbound XMPP stream on Aalto's non-blocking parser: bytes go in as they arrive, and
 * the stream header, each complete top-level element and the stream's end come out to a {@link XmppStreamListener}.
 * The stream is never held as a document; a stanza is held only until its end tag. Rules of RFC 6120 it enforces:
 * restricted XML (§11.1), UTF-8 only (§11.6), the stream namespace (§4.8.1), and a size bound per stanza checked
 * while the stanza streams in. After an {@link XmppStreamException} the parser is dead. Not thread-safe.
 */
public final class XmppStreamParser {
    /** Deepest nesting of elements inside one stanza (its own tag is level 1); deeper is a policy violation. */
    public static final int MAX_STANZA_DEPTH = 128;
    /** The stream header may use this many bytes even where the stanza bound is smaller. */
    static final int MIN_HEADER_BYTES = 8 * 1024;

    private final int maxStanzaBytes;
    private final XmppStreamListener listener;
    private final AsyncXMLStreamReader<AsyncByteArrayFeeder> reader;
    private final PrologGuard prolog = new PrologGuard();
    private final StanzaBuilder stanza = new StanzaBuilder();
    private byte[] scratch = new byte[0];
    private long bytesFed;
    /** Byte offset where the current top-level unit (header, or whitespace plus the next stanza) began. */
    private long unitStart;
    private boolean opened;
    private boolean closed;
    private XmppStreamException failure;

    /**
     * @param maxStanzaBytes largest top-level element accepted, in raw bytes from its start tag to its end tag
     * @param listener receives the stream's parts, on the thread that calls {@link #feed}
     */
    public XmppStreamParser(int maxStanzaBytes, XmppStreamListener listener) {
        if (maxStanzaBytes <= 0) {
            throw new IllegalArgumentException("maxStanzaBytes must be positive: " + maxStanzaBytes);
        }
        this.maxStanzaBytes = maxStanzaBytes;
        this.listener = Objects.requireNonNull(listener, "listener");
        this.reader = newFactory().createAsyncForByteArray();
    }

    private static AsyncXMLInputFactory newFactory() {
        AsyncXMLInputFactory factory = new InputFactoryImpl();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        // Report "&foo;" as an ENTITY_REFERENCE event (and refuse it) instead of trying to expand it.
        factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        factory.setProperty(XMLInputFactory.IS_COALESCING, false);
        return factory;
    }

    /**
     * Parses the next bytes of the stream, calling the listener for everything they complete. A multi-byte
     * character or any token may be split across calls. The array is not kept after the call returns.
     *
     * @throws XmppStreamException when the stream broke a rule; the condition names the stream error to send
     */
    public void feed(byte[] bytes, int offset, int length) throws XmppStreamException {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        if (failure != null) {
            throw new XmppStreamException(failure.condition(), "the stream already failed: " + failure.getMessage());
        }
        if (length == 0) {
            return;
        }
        try {
            if (!opened) {
                prolog.inspect(bytes, offset, length);
            }
            reader.getInputFeeder().feedInput(atOffsetZero(bytes, offset, length), 0, length);
            bytesFed += length;
            drain();
            checkUnitSize(bytesFed);
        } catch (XMLStreamException e) {
            throw fail(translate(e));
        } catch (XmppStreamException e) {
            throw fail(e);
        } catch (RuntimeException e) {
            fail(new XmppStreamException(StreamErrorCondition.INTERNAL_SERVER_ERROR, "stream handling failed", e));
            throw e;
        }
    }

    /** True once {@code </stream:stream>} has been read. */
    public boolean isClosed() {
        return closed;
    }

    /**
     * Aalto 1.3.3 reports byte offsets shifted by the array offset of the current feed, and the size bound is
     * computed from those offsets, so input is always fed from index 0 (a copy only when the caller's is not).
     */
    private byte[] atOffsetZero(byte[] bytes, int offset, int length) {
        if (offset == 0) {
            return bytes;
        }
        if (scratch.length < length) {
            scratch = new byte[Math.max(length, 4096)];
        }
        System.arraycopy(bytes, offset, scratch, 0, length);
        return scratch;
    }

    private void drain() throws XMLStreamException, XmppStreamException {
        int event;
        while ((event = reader.next()) != AsyncXMLStreamReader.EVENT_INCOMPLETE) {
            switch (event) {
                case XMLStreamConstants.START_DOCUMENT -> checkEncoding();
                case XMLStreamConstants.START_ELEMENT -> startElement();
                case XMLStreamConstants.END_ELEMENT -> endElement();
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> text();
                case XMLStreamConstants.COMMENT -> throw restricted("comments");
                case XMLStreamConstants.PROCESSING_INSTRUCTION -> throw restricted("processing instructions");
                case XMLStreamConstants.DTD -> throw restricted("document type declarations");
                case XMLStreamConstants.ENTITY_REFERENCE ->
                        throw restricted("entity references such as &" + reader.getLocalName() + ";");
                default -> {
                    // END_DOCUMENT and the like: nothing to do.
                }
            }
        }
    }

    private void checkEncoding() throws XmppStreamException {
        String declared = reader.getCharacterEncodingScheme();
        if (declared != null && !declared.equalsIgnoreCase(StandardCharsets.UTF_8.name())) {
            throw new XmppStreamException(StreamErrorCondition.UNSUPPORTED_ENCODING,
                    "XMPP streams are UTF-8 (RFC 6120 §11.6), not " + declared);
        }
    }

    private void startElement() throws XMLStreamException, XmppStreamException {
        if (!opened) {
            openStream();
            return;
        }
        if (stanza.depth() >= MAX_STANZA_DEPTH) {
            throw new XmppStreamException(StreamErrorCondition.POLICY_VIOLATION,
                    "elements nested deeper than " + MAX_STANZA_DEPTH + " levels");
        }
        checkUnitSize(eventEnd());
        stanza.start(reader);
    }

    private void openStream() throws XMLStreamException, XmppStreamException {
        String namespace = reader.getNamespaceURI();
        if (!XmppNamespaces.STREAMS.equals(namespace)) {
            throw new XmppStreamException(StreamErrorCondition.INVALID_NAMESPACE, "the root element {"
                    + namespace + "}" + reader.getLocalName() + " is not in " + XmppNamespaces.STREAMS);
        }
        if (!"stream".equals(reader.getLocalName())) {
            throw new XmppStreamException(StreamErrorCondition.BAD_FORMAT,
                    "the root element is <" + reader.getLocalName() + ">, not <stream>");
        }
        checkHeaderSize(eventEnd());
        opened = true;
        unitStart = eventEnd();
        listener.streamOpened(readHeader());
    }

    private StreamHeader readHeader() {
        String id = null;
        String from = null;
        String to = null;
        String version = null;
        String lang = null;
        for (int i = 0; i < reader.getAttributeCount(); i++) {
            String namespace = reader.getAttributeNamespace(i);
            String name = reader.getAttributeLocalName(i);
            String value = reader.getAttributeValue(i);
            if (namespace == null || namespace.isEmpty()) {
                switch (name) {
                    case "id" -> id = value;
                    case "from" -> from = value;
                    case "to" -> to = value;
                    case "version" -> version = value;
                    default -> {
                        // Unknown header attributes are ignored (RFC 6120 §4.7.1).
                    }
                }
            } else if (XMLConstants.XML_NS_URI.equals(namespace) && "lang".equals(name)) {
                lang = value;
            }
        }
        String contentNamespace = null;
        for (int i = 0; i < reader.getNamespaceCount(); i++) {
            String prefix = reader.getNamespacePrefix(i);
            if (prefix == null || prefix.isEmpty()) {
                contentNamespace = reader.getNamespaceURI(i);
            }
        }
        return new StreamHeader(id, from, to, version, lang, contentNamespace);
    }

    private void endElement() throws XMLStreamException, XmppStreamException {
        if (stanza.depth() == 0) {
            closed = true;
            listener.streamClosed();
            return;
        }
        long end = eventEnd();
        checkUnitSize(end);
        Element done = stanza.end();
        if (done != null) {
            unitStart = end;
            listener.stanza(done);
        }
    }

    private void text() throws XMLStreamException, XmppStreamException {
        if (stanza.depth() > 0) {
            checkUnitSize(eventEnd());
            stanza.text(reader);
        } else if (opened && !closed) {
            if (!reader.isWhiteSpace()) {
                throw new XmppStreamException(StreamErrorCondition.BAD_FORMAT,
                        "character data between stanzas (only whitespace is allowed there)");
            }
            unitStart = eventEnd(); // whitespace keepalive (RFC 6120 §4.6.1): not part of the next stanza
        }
    }

    private long eventEnd() throws XMLStreamException {
        return reader.getLocationInfo().getEndingByteOffset();
    }

    private void checkUnitSize(long position) throws XmppStreamException {
        if (!opened) {
            checkHeaderSize(position);
        } else if (!closed && position - unitStart > maxStanzaBytes) {
            throw new XmppStreamException(StreamErrorCondition.POLICY_VIOLATION,
                    "stanza larger than " + maxStanzaBytes + " bytes");
        }
    }

    private void checkHeaderSize(long position) throws XmppStreamException {
        if (position > Math.max(maxStanzaBytes, MIN_HEADER_BYTES)) {
            throw new XmppStreamException(StreamErrorCondition.POLICY_VIOLATION,
                    "stream header larger than " + Math.max(maxStanzaBytes, MIN_HEADER_BYTES) + " bytes");
        }
    }

    private static XmppStreamException restricted(String what) {
        return new XmppStreamException(StreamErrorCondition.RESTRICTED_XML,
                what + " are not allowed in XMPP (RFC 6120 §11.1)");
    }

    /** Aalto reports everything as one exception type; its message is the only hint to the finer conditions. */
    private static XmppStreamException translate(XMLStreamException e) {
        String message = firstLine(e.getMessage());
        String lower = message.toLowerCase(Locale.ROOT);
        StreamErrorCondition condition;
        if (lower.contains("unsupported encoding")) {
            condition = StreamErrorCondition.UNSUPPORTED_ENCODING;
        } else if (message.contains("ENTITY_REFERENCE") || lower.contains("undeclared")) {
            condition = StreamErrorCondition.RESTRICTED_XML; // "&foo;" inside an attribute value
        } else {
            condition = StreamErrorCondition.NOT_WELL_FORMED;
        }
        return new XmppStreamException(condition, message, e);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "malformed XML";
        }
        int newline = message.indexOf('\n');
        return (newline < 0 ? message : message.substring(0, newline)).trim();
    }

    private XmppStreamException fail(XmppStreamException e) {
        failure = e;
        return e;
    }
}
