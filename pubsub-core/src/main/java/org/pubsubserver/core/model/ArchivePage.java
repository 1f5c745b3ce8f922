package org.pubsubserver.core.model;

import java.util.List;

/**
 * A page of a node's archive, oldest first. {@code complete}: no item matches the query beyond this page in the
 * direction it pages (after its newest item, or before its oldest one when paging from the end), XEP-0313 §4.3.
 */
public record ArchivePage(List<Item> items, boolean complete) {
    public ArchivePage {
        items = List.copyOf(items);
    }
}
