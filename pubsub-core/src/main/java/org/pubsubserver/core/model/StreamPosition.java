package org.pubsubserver.core.model;

/**
 * Where a node's sequence stands: {@code last} is the newest place taken, by a stored item or a removal;
 * {@code removed} the place of the latest removal of items other than by republishing their ids (0: none).
 */
public record StreamPosition(long last, long removed) {
}
