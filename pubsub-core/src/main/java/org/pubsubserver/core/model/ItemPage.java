package org.pubsubserver.core.model;

import java.util.List;

/** One page of items, with the position of its first item and the number of items the node has. */
public record ItemPage(List<Item> items, int firstIndex, int count) {
    public ItemPage {
        items = List.copyOf(items);
    }
}
