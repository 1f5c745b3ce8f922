package org.pubsubserver.core.model;

import java.util.List;

/** What a publish stored, and the ids of the oldest items it pushed out of a full node. */
public record AppendResult(List<Item> stored, List<String> evicted) {
    public AppendResult {
        stored = List.copyOf(stored);
        evicted = List.copyOf(evicted);
    }
}
