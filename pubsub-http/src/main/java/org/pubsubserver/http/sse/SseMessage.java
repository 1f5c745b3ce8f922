package org.pubsubserver.http.sse;

import org.pubsubserver.core.model.Item;
import org.pubsubserver.http.response.Json;

/**
 * One event as the streams of a node are told it: its place in the node's sequence, its name and its data. A
 * stream of that node alone reads it as {@link #text} (formatted once for all of them); a stream of several nodes
 * ({@link MultiStream}) reads {@link #multiData}, a JSON object that names the node, under an id of its own.
 */
sealed interface SseMessage {
    /** The position of a message that takes no place in the node's sequence: it has no id of its own. */
    long NO_POSITION = -1;

    /** The node's sequence at this event, the id on a stream of the node alone; {@link #NO_POSITION} for none. */
    long position();

    /** The event's name; null for the default ({@code message}) event. */
    String name();

    /** The data on a stream of the node alone. */
    String data();

    /** The data on a stream of several nodes: a JSON object that names {@code node}. */
    String multiData(String node);

    /** The event as a stream of the node alone reads it. */
    default String text() {
        return SseFormat.event(position() == NO_POSITION ? null : Long.toString(position()), name(), data());
    }

    /**
     * A published item as the default event: its payload (the JSON text of a {@code urn:xmpp:json:0} payload),
     * with its sequence as id; an item of a transient node is not stored, so it has no id.
     */
    static Published item(Item item) {
        return new Published(item.isStored() ? item.sequence() : NO_POSITION, item.itemId(),
                SsePayloads.data(item.payloadXml()));
    }

    /** A told removal of one item at {@code sequence} (XEP-0060 §7.2.2.1): its id as data. */
    static Retracted retract(long sequence, String itemId) {
        return new Retracted(sequence, itemId);
    }

    /** All items of the node purged at {@code sequence}. */
    static OfNode purge(String node, long sequence) {
        return new OfNode("purge", sequence, nodeJson(node));
    }

    /** The node's configuration changed; it takes no place in the sequence. */
    static OfNode config(String node) {
        return new OfNode("config", NO_POSITION, nodeJson(node));
    }

    /** The node is gone; its streams end after this. */
    static OfNode delete(String node) {
        return new OfNode("delete", NO_POSITION, nodeJson(node));
    }

    /** Tells a resuming stream that it cannot be brought up to date: start over from {@code position}. */
    static OfNode reset(String node, long position) {
        return new OfNode("reset", position, nodeJson(node));
    }

    /** The data of the events about the node itself: {"node":"..."}. */
    private static String nodeJson(String node) {
        return "{\"node\":" + Json.string(node) + "}";
    }

    /** See {@link #item}. */
    record Published(long position, String itemId, String data) implements SseMessage {
        @Override
        public String name() {
            return null;
        }

        @Override
        public String multiData(String node) {
            return "{\"node\":" + Json.string(node) + ",\"id\":" + Json.string(itemId) + ",\"payload\":"
                    + Json.string(data) + "}";
        }
    }

    /** See {@link #retract}. */
    record Retracted(long position, String itemId) implements SseMessage {
        @Override
        public String name() {
            return "retract";
        }

        @Override
        public String data() {
            return itemId;
        }

        @Override
        public String multiData(String node) {
            return "{\"node\":" + Json.string(node) + ",\"id\":" + Json.string(itemId) + "}";
        }
    }

    /** A named event about the node itself, whose data names it, on every stream alike. */
    record OfNode(String name, long position, String data) implements SseMessage {
        @Override
        public String multiData(String node) {
            return data;
        }
    }
}
