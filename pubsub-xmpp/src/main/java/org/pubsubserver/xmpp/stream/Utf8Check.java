package org.pubsubserver.xmpp.stream;

/**
 * Checks that the inbound bytes are well-formed UTF-8 (RFC 3629 §4, the Unicode Standard's table 3-7), before the
 * XML parser decodes them. Aalto's decoder takes any lead byte with the right number of continuation bytes, so it
 * reads overlong forms ({@code C0 AF} as "/"), UTF-16 surrogates and code points past U+10FFFF as characters. A
 * sequence may be split across calls. Not thread-safe.
 */
final class Utf8Check {
    /** Continuation bytes the current sequence still needs. */
    private int pending;
    /** Range of the next continuation byte: narrower than 80..BF right after E0, ED, F0 and F4. */
    private int low = 0x80;
    private int high = 0xBF;

    /** The index of the first byte that breaks UTF-8 in {@code bytes[from, to)}, or {@code to} when none does. */
    int firstInvalid(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            int b = bytes[i] & 0xFF;
            if (pending == 0) {
                if (b < 0x80) {
                    continue;
                }
                if (!lead(b)) {
                    return i;
                }
            } else {
                if (b < low || b > high) {
                    return i;
                }
                pending--;
                low = 0x80;
                high = 0xBF;
            }
        }
        return to;
    }

    /** Takes a lead byte; false when no well-formed sequence starts with it (80..C1, F5..FF). */
    private boolean lead(int b) {
        if (b >= 0xC2 && b <= 0xDF) {
            pending = 1;
        } else if (b >= 0xE0 && b <= 0xEF) {
            pending = 2;
            if (b == 0xE0) {
                low = 0xA0; // below: an overlong form of U+0000..U+07FF
            } else if (b == 0xED) {
                high = 0x9F; // above: the surrogates U+D800..U+DFFF
            }
        } else if (b >= 0xF0 && b <= 0xF4) {
            pending = 3;
            if (b == 0xF0) {
                low = 0x90; // below: an overlong form of U+0000..U+FFFF
            } else if (b == 0xF4) {
                high = 0x8F; // above: past U+10FFFF
            }
        } else {
            return false;
        }
        return true;
    }

    /** What the byte at the index returned by {@link #firstInvalid} broke, for the stream error's text. */
    static String describe(byte invalid) {
        return String.format("invalid UTF-8: byte 0x%02X cannot appear there (RFC 3629 §4)", invalid & 0xFF);
    }
}
