package org.pubsubserver.core.usecase;

import java.time.Duration;
import java.util.Optional;
import org.pubsubserver.core.model.NodeConfig;

/**
 * The service's node archives (XEP-0313 with XEP-0442): whether nodes keep one, and the retention that bounds each
 * node's own ({@code {urn:pubsubserver:archive}max_items} and {@code max_age}, which may only ask for less).
 * {@code maxAge} null: no age limit. The item limit counts places of the node's sequence (see
 * {@link org.pubsubserver.core.store.NodeStore#trimArchive}): an archive keeps at most that many items.
 */
public record ArchiveSettings(boolean enabled, long maxItems, Duration maxAge) {
    /** The shipped settings: every node keeps an archive of its newest 100,000 items, whatever their age. */
    public static final ArchiveSettings DEFAULTS = new ArchiveSettings(true, 100_000, null);
    /** No node keeps an archive. */
    public static final ArchiveSettings OFF = new ArchiveSettings(false, 0, null);

    public ArchiveSettings {
        if (maxItems < 0) {
            throw new IllegalArgumentException("maxItems must not be negative");
        }
        if (maxAge != null && (maxAge.isZero() || maxAge.isNegative())) {
            maxAge = null;
        }
    }

    /** Whether a node so configured keeps an archive (a collection has no items to keep). */
    public boolean archives(NodeConfig config) {
        return !config.isCollection() && maxItemsOf(config) > 0;
    }

    /** The most items a node so configured keeps in its archive (0: it keeps none). */
    public long maxItemsOf(NodeConfig config) {
        if (!enabled) {
            return 0;
        }
        return Math.min(maxItems, config.archiveMaxItems().orElse(Integer.MAX_VALUE));
    }

    /** How long a node so configured keeps an archived item; empty for no limit. */
    public Optional<Duration> maxAgeOf(NodeConfig config) {
        Optional<Duration> own = config.archiveMaxAge();
        if (maxAge == null) {
            return own;
        }
        return Optional.of(own.filter(age -> age.compareTo(maxAge) < 0).orElse(maxAge));
    }
}
