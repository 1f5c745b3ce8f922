package org.pubsubserver.core.model;

import java.time.Instant;
import java.util.List;

/**
 * A query of a node's archive (XEP-0313 §4), in places of the node's sequence. The filters: {@code start} and
 * {@code end} (inclusive, null for none, §4.1.2), {@code with} (the publisher: a bare JID matches all of its
 * resources, §4.1.1; null for any), {@code after} and {@code before} (exclusive places; 0 and
 * {@link Long#MAX_VALUE} for none), {@code ids} (only these places; empty for any). Of the matching items, a page of
 * at most {@code max}: the oldest ones, or with {@code fromEnd} the newest ones (XEP-0059 {@code <before/>}), either
 * way oldest first. {@code mustExist}: the places the query named (before-id, after-id, ids and the result set's
 * cursors), each of which has to be in the archive (§4.1.3).
 */
public record ArchiveQuery(Instant start, Instant end, String with, long after, long before, List<Long> ids,
                           int max, boolean fromEnd, List<Long> mustExist) {
    public ArchiveQuery {
        ids = List.copyOf(ids);
        mustExist = List.copyOf(mustExist);
        if (max < 0) {
            throw new IllegalArgumentException("max must not be negative");
        }
    }
}
