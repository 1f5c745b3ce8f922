package org.pubsubserver.xmpp.stream;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Feeds a parser its input, whole or in pieces, as the tests of the stream package do. */
final class Feeding {
    private Feeding() {
    }

    /** Feeds {@code input} whole; returns the stream error it raised, or null. */
    static XmppStreamException failureOf(XmppStreamParser parser, String input) {
        return failureOf(parser, input.getBytes(UTF_8), Integer.MAX_VALUE);
    }

    /** Feeds {@code input} in pieces of {@code piece} bytes; returns the stream error it raised, or null. */
    static XmppStreamException failureOf(XmppStreamParser parser, byte[] input, int piece) {
        return catchThrowableOfType(XmppStreamException.class, () -> feed(parser, input, piece));
    }

    /** Feeds {@code input} in pieces of {@code piece} bytes. */
    static void feed(XmppStreamParser parser, byte[] input, int piece) throws XmppStreamException {
        for (int i = 0; i < input.length; i += piece) {
            parser.feed(input, i, Math.min(piece, input.length - i));
        }
    }
}
