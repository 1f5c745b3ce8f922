package org.pubsubserver.core.event.wire;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.xmpp.packet.JID;

/** Appends the wire form's values to a growing byte array: big-endian numbers, length-prefixed UTF-8 strings. */
final class WireWriter {
    /** The length written for a null string. */
    static final int NULL = -1;

    private byte[] bytes = new byte[256];
    private int size;

    void writeByte(int value) {
        room(1);
        bytes[size++] = (byte) value;
    }

    void writeBoolean(boolean value) {
        writeByte(value ? 1 : 0);
    }

    void writeInt(int value) {
        room(4);
        for (int shift = 24; shift >= 0; shift -= 8) {
            bytes[size++] = (byte) (value >>> shift);
        }
    }

    void writeLong(long value) {
        writeInt((int) (value >>> 32));
        writeInt((int) value);
    }

    /** A string, or null: its UTF-8 length (or {@link #NULL}), then its bytes. */
    void writeString(String value) {
        if (value == null) {
            writeInt(NULL);
            return;
        }
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        writeInt(utf8.length);
        room(utf8.length);
        System.arraycopy(utf8, 0, bytes, size, utf8.length);
        size += utf8.length;
    }

    void writeJid(JID jid) {
        writeString(jid.toString());
    }

    void writeInstant(Instant instant) {
        writeLong(instant.getEpochSecond());
        writeInt(instant.getNano());
    }

    void writeStrings(List<String> values) {
        writeInt(values.size());
        for (String value : values) {
            writeString(value);
        }
    }

    void writeJids(List<JID> jids) {
        writeInt(jids.size());
        for (JID jid : jids) {
            writeJid(jid);
        }
    }

    /** Form fields, var to value, in the map's order. */
    void writeFields(Map<String, String> fields) {
        writeInt(fields.size());
        fields.forEach((var, value) -> {
            writeString(var);
            writeString(value);
        });
    }

    byte[] toByteArray() {
        return Arrays.copyOf(bytes, size);
    }

    private void room(int more) {
        if (size + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
        }
    }
}
