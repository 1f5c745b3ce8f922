package org.pubsubserver.core.store.jdbc;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.pubsubserver.core.model.SubscriptionOptions;
import org.xmpp.packet.JID;

/**
 * Values read back from rows, made without work the store already did when it wrote them: a node with
 * 100,000 subscribers reads 100,000 rows, and stringprep of each JID (Tinder's cache holds far fewer) or a
 * parse of each (mostly identical) options text made a publish to it take seconds.
 */
final class StoredValues {
    /** Distinct option texts kept parsed; most subscriptions share a few. */
    private static final int OPTIONS_KEPT = 1024;

    private final Map<String, SubscriptionOptions> options = new ConcurrentHashMap<>();

    /** A JID as stored: it was prepared (stringprep) when it was written, from a {@link JID}'s text. */
    static JID jid(String stored) {
        return new JID(stored, true);
    }

    /** Subscription options from their stored text (empty: the defaults). */
    SubscriptionOptions subscriptionOptions(String stored) {
        if (stored == null || stored.isEmpty()) {
            return SubscriptionOptions.defaults();
        }
        SubscriptionOptions known = options.get(stored);
        if (known != null) {
            return known;
        }
        SubscriptionOptions parsed = SubscriptionOptions.fromStored(ConfigCodec.decode(stored));
        if (options.size() < OPTIONS_KEPT && parsed.expire().isEmpty()) { // a lease's text is its own
            options.put(stored, parsed);
        }
        return parsed;
    }
}
