package org.pubsubserver.xmpp.stream;

/**
 * Watches the bytes before the stream's root start tag for {@code <!}: a document type declaration or a comment,
 * both forbidden by RFC 6120 §11.1. Aalto's async parser cannot parse an internal DTD subset at all and would
 * report it as plain malformed XML, so this looks first; processing instructions and comments that Aalto does
 * report are rejected by the parser itself.
 */
final class PrologGuard {
    private boolean afterLessThan;
    private boolean done;

    /** Inspects the next bytes of the stream until the root start tag begins; a no-op from then on. */
    void inspect(byte[] bytes, int offset, int length) throws XmppStreamException {
        for (int i = offset, end = offset + length; i < end && !done; i++) {
            byte b = bytes[i];
            if (afterLessThan) {
                if (b == '!') {
                    throw new XmppStreamException(StreamErrorCondition.RESTRICTED_XML,
                            "document type declarations and comments are not allowed in XMPP (RFC 6120 §11.1)");
                }
                // "<?" opens the XML declaration or a processing instruction (the parser judges those);
                // anything else starts the root element, and the prolog is over.
                done = b != '?';
                afterLessThan = false;
            } else {
                afterLessThan = b == '<';
            }
        }
    }
}
