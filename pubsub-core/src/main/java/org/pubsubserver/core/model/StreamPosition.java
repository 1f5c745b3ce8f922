package org.pubsubserver.core.model;

/**
 * Where a node's item sequence stands: {@code last} is the sequence of the newest item ever stored,
 * {@code removed} the highest sequence of an item removed other than by republishing its id (0: none).
 */
public record StreamPosition(long last, long removed) {
}
