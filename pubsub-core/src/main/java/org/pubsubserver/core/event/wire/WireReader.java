package org.pubsubserver.core.event.wire;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.xmpp.packet.JID;

/**
 * Reads what {@link WireWriter} wrote, checking every length against the bytes left, so truncated or
 * garbage input ends in a {@link MalformedEventException}, never an index or allocation failure.
 */
final class WireReader {
    private final byte[] bytes;
    private int position;

    WireReader(byte[] bytes) {
        this.bytes = bytes;
    }

    int readByte() throws MalformedEventException {
        need(1);
        return bytes[position++] & 0xff;
    }

    boolean readBoolean() throws MalformedEventException {
        int value = readByte();
        if (value > 1) {
            throw new MalformedEventException("not a boolean: " + value + " at byte " + (position - 1));
        }
        return value == 1;
    }

    int readInt() throws MalformedEventException {
        need(4);
        int value = 0;
        for (int i = 0; i < 4; i++) {
            value = value << 8 | bytes[position++] & 0xff;
        }
        return value;
    }

    long readLong() throws MalformedEventException {
        long high = readInt();
        return high << 32 | readInt() & 0xffffffffL;
    }

    String readString() throws MalformedEventException {
        int length = readInt();
        if (length == WireWriter.NULL) {
            return null;
        }
        need(length);
        try {
            String value = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, position, length)).toString();
            position += length;
            return value;
        } catch (CharacterCodingException e) {
            throw new MalformedEventException("a string that is not UTF-8 at byte " + position, e);
        }
    }

    String readRequiredString() throws MalformedEventException {
        String value = readString();
        if (value == null) {
            throw new MalformedEventException("a missing value at byte " + position);
        }
        return value;
    }

    JID readJid() throws MalformedEventException {
        String value = readRequiredString();
        try {
            return new JID(value);
        } catch (IllegalArgumentException e) {
            throw new MalformedEventException("not a JID: " + value, e);
        }
    }

    Instant readInstant() throws MalformedEventException {
        long seconds = readLong();
        int nanos = readInt();
        try {
            return Instant.ofEpochSecond(seconds, nanos);
        } catch (DateTimeException | ArithmeticException e) {
            throw new MalformedEventException("not an instant: " + seconds + "s " + nanos + "ns", e);
        }
    }

    /**
     * A count of values that take at least {@code minBytesEach} bytes each: checked against the bytes left,
     * so a garbage count cannot make the reader allocate more than the input could hold.
     */
    int readCount(int minBytesEach) throws MalformedEventException {
        int count = readInt();
        if (count < 0 || (long) count * minBytesEach > bytes.length - position) {
            throw new MalformedEventException("a count of " + count + " at byte " + (position - 4)
                    + " with " + (bytes.length - position) + " bytes left");
        }
        return count;
    }

    List<String> readStrings() throws MalformedEventException {
        int count = readCount(4);
        List<String> values = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            values.add(readRequiredString());
        }
        return values;
    }

    List<JID> readJids() throws MalformedEventException {
        int count = readCount(4);
        List<JID> jids = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            jids.add(readJid());
        }
        return jids;
    }

    Map<String, String> readFields() throws MalformedEventException {
        int count = readCount(8);
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            fields.put(readRequiredString(), readRequiredString());
        }
        return fields;
    }

    /** Fails unless every byte was read: trailing bytes mean the input is not what the format wrote. */
    void requireEnd() throws MalformedEventException {
        if (position != bytes.length) {
            throw new MalformedEventException((bytes.length - position) + " bytes left over after the event");
        }
    }

    private void need(int count) throws MalformedEventException {
        if (count < 0 || count > bytes.length - position) {
            throw new MalformedEventException("truncated: " + count + " bytes needed at byte " + position + " of "
                    + bytes.length);
        }
    }
}
