package org.pubsubserver.bench;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Finds the start tags in a stream of XML (or SSE text carrying XML) bytes, across reads, without building
 * a tree: a load driver on the same two cores as the server must spend as little CPU per stanza as it can.
 * Each {@code <name ...>} or {@code <name .../>} is handed to {@link Tags#tag} with its bytes; end tags,
 * declarations and everything outside tags are skipped. Text never holds a raw {@code <} in XML, so every
 * one starts a tag.
 */
final class TagScanner {
    /** Receives one start tag: {@code bytes[from..to)} is the text between {@code <} and {@code >}. */
    interface Tags {
        void tag(byte[] bytes, int from, int to);
    }

    private final Tags tags;
    private byte[] buffer = new byte[64 * 1024];
    private int length;

    TagScanner(Tags tags) {
        this.tags = tags;
    }

    void feed(byte[] data, int offset, int count) {
        if (length + count > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + count));
        }
        System.arraycopy(data, offset, buffer, length, count);
        length += count;
        int position = 0;
        while (true) {
            int open = indexOf(buffer, (byte) '<', position, length);
            if (open < 0) {
                length = 0;
                return;
            }
            int close = indexOf(buffer, (byte) '>', open, length);
            if (close < 0) {
                System.arraycopy(buffer, open, buffer, 0, length - open);
                length -= open;
                return;
            }
            byte first = open + 1 < close ? buffer[open + 1] : (byte) '/';
            if (first != '/' && first != '?' && first != '!') {
                tags.tag(buffer, open + 1, close);
            }
            position = close + 1;
        }
    }

    private static int indexOf(byte[] bytes, byte wanted, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        return -1;
    }

    /** Whether the tag's name is {@code name} (ASCII). */
    static boolean named(byte[] bytes, int from, int to, String name) {
        int end = from + name.length();
        if (end > to) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            if (bytes[from + i] != name.charAt(i)) {
                return false;
            }
        }
        return end == to || bytes[end] == ' ' || bytes[end] == '/' || bytes[end] == '\n' || bytes[end] == '\t';
    }

    /** Where the value of attribute {@code name} starts (after its quote), or -1. */
    static int attribute(byte[] bytes, int from, int to, String name) {
        int n = name.length();
        outer:
        for (int i = from; i + n + 2 < to; i++) {
            if (bytes[i] != ' ') {
                continue;
            }
            for (int k = 0; k < n; k++) {
                if (bytes[i + 1 + k] != name.charAt(k)) {
                    continue outer;
                }
            }
            int equals = i + 1 + n;
            if (bytes[equals] == '=' && (bytes[equals + 1] == '"' || bytes[equals + 1] == '\'')) {
                return equals + 2;
            }
        }
        return -1;
    }

    /** The decimal number at {@code at} (after an attribute's quote); -1 when there is none. */
    static long number(byte[] bytes, int at, int to) {
        long value = 0;
        int start = at;
        while (at < to && bytes[at] >= '0' && bytes[at] <= '9') {
            value = value * 10 + (bytes[at++] - '0');
        }
        return at == start ? -1 : value;
    }

    /** The attribute's value as text, or null. */
    static String text(byte[] bytes, int from, int to, String name) {
        int at = attribute(bytes, from, to, name);
        if (at < 0) {
            return null;
        }
        int end = at;
        while (end < to && bytes[end] != '"' && bytes[end] != '\'') {
            end++;
        }
        return new String(bytes, at, end - at, StandardCharsets.UTF_8);
    }
}
