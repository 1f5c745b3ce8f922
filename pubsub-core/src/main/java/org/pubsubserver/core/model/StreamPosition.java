package org.pubsubserver.core.model;

/**
 * Where a node's sequence stands, for SSE resume. {@code last}: the newest place taken, by a stored item or a
 * told removal. {@code removed}: the place of the latest told removal of items (a retract or an eviction with an
 * event, a purge; see {@link Removal}), 0 when none. {@code lost}: the newest place of an item removed untold,
 * 0 when none. Expiry leaves no trace (no event tells of it).
 */
public record StreamPosition(long last, long removed, long lost) {

    /**
     * Whether a stream that has had everything up to {@code sequence} is brought up to date by the items stored
     * after it: no item after it was removed untold (one it would never see), and no told removal came after it
     * (an event it cannot be sent). A stream that saw an item removed untold since is not told of it, as live
     * streams are not.
     */
    public boolean replayableAfter(long sequence) {
        return sequence <= last && removed <= sequence && lost <= sequence;
    }
}
