package org.pubsubserver.core.model;

import java.time.Instant;
import java.util.Objects;
import org.xmpp.packet.JID;

/**
 * A published item. {@code sequence} orders the items of one node (it grows with every publish, also when
 * an item id is reused) and is what SSE resume counts from. {@code payloadXml} is the payload element as
 * XML text, or empty for a notification-only item.
 */
public record Item(long nodeId, long sequence, String itemId, JID publisher, Instant published, String payloadXml) {
    /** The sequence of an item published to a transient node, which is not stored and cannot be resumed from. */
    public static final long NOT_STORED = -1;

    public Item {
        Objects.requireNonNull(itemId, "itemId");
        Objects.requireNonNull(publisher, "publisher");
        Objects.requireNonNull(published, "published");
        payloadXml = payloadXml == null ? "" : payloadXml;
    }

    public boolean isStored() {
        return sequence != NOT_STORED;
    }

    public boolean hasPayload() {
        return !payloadXml.isEmpty();
    }
}
