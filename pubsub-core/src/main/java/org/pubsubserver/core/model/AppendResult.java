package org.pubsubserver.core.model;

import java.util.List;

/**
 * What a publish stored, and the ids of the oldest items it pushed out of a full node. {@code removal}: the
 * place in the node's sequence that a told eviction took (its event's id), 0 when nothing was pushed out or the
 * eviction was untold (see {@link Removal}).
 */
public record AppendResult(List<Item> stored, List<String> evicted, long removal) {
    public AppendResult {
        stored = List.copyOf(stored);
        evicted = List.copyOf(evicted);
    }
}
