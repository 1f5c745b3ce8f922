package org.pubsubserver.xmpp.stream;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The names of the open elements, innermost last, as the bytes of their start tags: what {@link MarkupGuard}
 * compares an end tag with (XML 1.0 §3, element type match). A name may arrive in several pieces. Not thread-safe.
 */
final class OpenElementNames {
    /** The names, one after another. */
    private byte[] names = new byte[256];
    /** Where the name of the element at each depth starts. */
    private final int[] starts;
    private int end;

    /** @param maxDepth the deepest element whose name is kept, the stream's root being depth 0 */
    OpenElementNames(int maxDepth) {
        this.starts = new int[maxDepth + 1];
    }

    /** Begins the name of a start tag at {@code depth}; {@link #append} adds its bytes. */
    void begin(int depth) {
        starts[depth] = end;
    }

    /** Adds {@code bytes[from, to)} to the name begun last. */
    void append(byte[] bytes, int from, int to) {
        int length = to - from;
        if (end + length > names.length) {
            names = Arrays.copyOf(names, Math.max(names.length * 2, end + length));
        }
        System.arraycopy(bytes, from, names, end, length);
        end += length;
    }

    /** Forgets the name at {@code depth}, the innermost: its element ended. */
    void end(int depth) {
        end = starts[depth];
    }

    /** The length of the name at {@code depth}, the innermost. */
    int length(int depth) {
        return end - starts[depth];
    }

    /** The byte at {@code index} of the name at {@code depth}. */
    byte byteAt(int depth, int index) {
        return names[starts[depth] + index];
    }

    /** The name at {@code depth}, the innermost, for a message. */
    String toString(int depth) {
        return new String(names, starts[depth], length(depth), StandardCharsets.UTF_8);
    }
}
