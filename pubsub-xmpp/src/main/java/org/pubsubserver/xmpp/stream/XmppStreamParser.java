package org.pubsubserver.xmpp.stream;

import static org.pubsubserver.xmpp.stream.XmppStreamException.restricted;

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
 * restricted XML (§11.1), UTF-8 only and well-formed (§11.6, RFC 3629), the stream namespace (§4.8.1), and the
 * {@link StanzaLimits}, checked while the stanza streams in. After an {@link XmppStreamException} the parser is
 * dead. Not thread-safe.
 *
 * <p>Before Aalto sees them, the bytes pass {@link Utf8Check} and {@link MarkupGuard}, which stop them at the first
 * byte that breaks a rule Aalto checks too late, too slowly or not at all; Aalto gets everything before that byte,
 * so what came before a fault is still reported, in order, and a fault Aalto finds earlier wins. Aalto's symbol
 * table and namespace bindings only grow, and their cost per new name grows with them, so once the stanzas since
 * the reader was made have brought {@value #NAMES_PER_READER} names, the reader is replaced by a new one at the end
 * of the stanza, primed with the stream's start tag.
 */
public final class XmppStreamParser {
    /** The stream header may use this many bytes even where the stanza bound is smaller. */
    static final int MIN_HEADER_BYTES = 8 * 1024;
    /**
     * Names per stanza (as {@link StanzaBuilder#names()} counts them, at least the distinct ones), summed over the
     * stanzas one Aalto reader has parsed, past which it is replaced.
     */
    static final int NAMES_PER_READER = 2048;

    private final StanzaLimits limits;
    private final XmppStreamListener listener;
    private final AsyncXMLInputFactory factory = newFactory();
    private AsyncXMLStreamReader<AsyncByteArrayFeeder> reader;
    private final Utf8Check utf8 = new Utf8Check();
    private final MarkupGuard markup;
    private final StanzaBuilder stanza;
    private byte[] scratch = new byte[0];
    /** Bytes of the stream given to the XML reader so far. */
    private long bytesFed;
    /** The stream position of the current reader's first byte (negative after a replacement: its primer). */
    private long origin;
    /** Byte offset where the current top-level unit (header, or whitespace plus the next stanza) began. */
    private long unitStart;
    private boolean opened;
    private boolean closed;
    private XmppStreamException failure;
    /** The stream's start tag with its namespace declarations, which a replacement reader parses first. */
    private byte[] primer;
    private int namesSinceReplacement;
    private int readersUsed = 1;

    /**
     * @param maxStanzaBytes largest top-level element accepted, in raw bytes from its start tag to its end tag; the
     *        other limits are {@link StanzaLimits#withMaxBytes the fixed ones}
     * @param listener receives the stream's parts, on the thread that calls {@link #feed}
     */
    public XmppStreamParser(int maxStanzaBytes, XmppStreamListener listener) {
        this(StanzaLimits.withMaxBytes(maxStanzaBytes), listener);
    }

    /** @param listener receives the stream's parts, on the thread that calls {@link #feed} */
    public XmppStreamParser(StanzaLimits limits, XmppStreamListener listener) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.markup = new MarkupGuard(limits);
        this.stanza = new StanzaBuilder(limits.maxNames());
        this.reader = factory.createAsyncForByteArray();
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
            int end = offset + length;
            int clean = utf8.firstInvalid(bytes, offset, end);
            XmppStreamException violation = clean == end ? null : new XmppStreamException(
                    StreamErrorCondition.UNSUPPORTED_ENCODING, Utf8Check.describe(bytes[clean]));
            int guarded = markup.scan(bytes, offset, clean);
            if (guarded < clean) {
                clean = guarded;
                violation = markup.violation();
            }
            parse(bytes, offset, clean);
            if (violation != null) {
                throw violation;
            }
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

    /** How many Aalto readers the stream has used so far (for tests). */
    int readersUsed() {
        return readersUsed;
    }

    /** True once {@code </stream:stream>} has been read. */
    public boolean isClosed() {
        return closed;
    }

    /** Gives {@code bytes[from, to)} to the reader, replacing it after a stanza when it is due. */
    private void parse(byte[] bytes, int from, int to) throws XMLStreamException, XmppStreamException {
        while (from < to) {
            int length = to - from;
            long start = bytesFed;
            reader.getInputFeeder().feedInput(atOffsetZero(bytes, from, length), 0, length);
            bytesFed += length;
            long replaceAt = drain();
            if (replaceAt < 0) {
                return;
            }
            replaceReader(replaceAt);
            bytesFed = replaceAt; // what the old reader had of this input after the stanza goes to the new one
            from += (int) (replaceAt - start);
        }
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

    /**
     * Reports what the reader's input completes; returns the stream position after a stanza at which the reader is
     * to be replaced (and stops there), or -1 once the input is used up.
     */
    private long drain() throws XMLStreamException, XmppStreamException {
        int event;
        while ((event = reader.next()) != AsyncXMLStreamReader.EVENT_INCOMPLETE) {
            switch (event) {
                case XMLStreamConstants.START_DOCUMENT -> checkEncoding();
                case XMLStreamConstants.START_ELEMENT -> startElement();
                case XMLStreamConstants.END_ELEMENT -> {
                    long replaceAt = endElement();
                    if (replaceAt >= 0) {
                        return replaceAt;
                    }
                }
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
        return -1;
    }

    /**
     * A new reader (and with it a new symbol table) for the rest of the stream, from the stream position just after
     * a stanza: it parses the stream's start tag first, so the stream's namespace declarations are in scope.
     */
    private void replaceReader(long position) throws XMLStreamException {
        // The old reader is dropped, not closed: closing merges its symbols into the factory's table, which a new
        // reader starts from.
        reader = factory.createAsyncForByteArray();
        reader.getInputFeeder().feedInput(primer, 0, primer.length);
        int event;
        while ((event = reader.next()) != XMLStreamConstants.START_ELEMENT) {
            if (event == AsyncXMLStreamReader.EVENT_INCOMPLETE) {
                throw new IllegalStateException("the stream's start tag did not parse again: "
                        + new String(primer, StandardCharsets.UTF_8));
            }
        }
        origin = position - primer.length;
        namesSinceReplacement = 0;
        readersUsed++;
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
        primer = primer();
        listener.streamOpened(readHeader());
    }

    /** The root's start tag, with the declarations it made and no attributes, for a replacement reader. */
    private byte[] primer() {
        StringBuilder tag = new StringBuilder(256).append('<');
        String prefix = reader.getPrefix();
        if (prefix != null && !prefix.isEmpty()) {
            tag.append(prefix).append(':');
        }
        tag.append(reader.getLocalName());
        for (int i = 0; i < reader.getNamespaceCount(); i++) {
            String declared = reader.getNamespacePrefix(i);
            tag.append(declared == null || declared.isEmpty() ? " xmlns" : " xmlns:" + declared).append("='");
            XmlEscaper.appendEscaped(tag, reader.getNamespaceURI(i) == null ? "" : reader.getNamespaceURI(i));
            tag.append('\'');
        }
        return tag.append('>').toString().getBytes(StandardCharsets.UTF_8);
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

    /** Returns the stream position after the stanza it ended when the reader is due for replacement, else -1. */
    private long endElement() throws XMLStreamException, XmppStreamException {
        if (stanza.depth() == 0) {
            closed = true;
            listener.streamClosed();
            return -1;
        }
        long end = eventEnd();
        checkUnitSize(end);
        Element done = stanza.end();
        if (done == null) {
            return -1;
        }
        unitStart = end;
        namesSinceReplacement += stanza.names();
        listener.stanza(done);
        return namesSinceReplacement > NAMES_PER_READER ? end : -1;
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

    /** The stream position just after the reader's current event. */
    private long eventEnd() throws XMLStreamException {
        return origin + reader.getLocationInfo().getEndingByteOffset();
    }

    private void checkUnitSize(long position) throws XmppStreamException {
        if (!opened) {
            checkHeaderSize(position);
        } else if (!closed && position - unitStart > limits.maxBytes()) {
            throw XmppStreamException.limitExceeded(StanzaLimits.Limit.SIZE,
                    "stanza larger than " + limits.maxBytes() + " bytes");
        }
    }

    private void checkHeaderSize(long position) throws XmppStreamException {
        int bound = Math.max(limits.maxBytes(), MIN_HEADER_BYTES);
        if (position > bound) {
            throw XmppStreamException.limitExceeded(StanzaLimits.Limit.SIZE,
                    "stream header larger than " + bound + " bytes");
        }
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
