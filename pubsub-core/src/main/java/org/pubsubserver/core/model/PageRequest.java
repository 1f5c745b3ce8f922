package org.pubsubserver.core.model;

/**
 * A page of a node's items (XEP-0059 result set management), in the node's item order, oldest first.
 * {@code after}: the page after that item id; {@code before}: the page before that item id, or the last
 * page when empty; {@code index}: the page starting at that position. At most one of the three is set.
 */
public record PageRequest(int max, String after, String before, Integer index) {
    public PageRequest {
        if (max < 0) {
            throw new IllegalArgumentException("max must not be negative");
        }
        int cursors = (after != null ? 1 : 0) + (before != null ? 1 : 0) + (index != null ? 1 : 0);
        if (cursors > 1) {
            throw new IllegalArgumentException("after, before and index exclude each other");
        }
        if (index != null && index < 0) {
            throw new IllegalArgumentException("index must not be negative");
        }
    }
}
