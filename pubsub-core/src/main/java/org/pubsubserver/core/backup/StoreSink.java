package org.pubsubserver.core.backup;

import java.time.Instant;
import java.util.Map;

/**
 * What a whole store is made of, told row by row in the order of the export format (docs/EXPORT-FORMAT.md): the
 * header, then each node followed by its affiliations, subscriptions, items and archived items, then the redirects and retired
 * sequences. The snapshot of a store and the reader of an export tell it; the export's writer and the loader into a
 * store hear it, so an export, an import and a copy between stores are the same pipe with other ends.
 */
interface StoreSink {

    void begin(Header header);

    void node(NodeRow node);

    void affiliation(AffiliationRow affiliation);

    void subscription(SubscriptionRow subscription);

    void item(ItemRow item);

    /** An item of the node's archive (XEP-0442, pubsub_archive), after the node's items, by sequence. */
    void archived(ItemRow item);

    /** The end of the node last begun. */
    void endNode();

    void redirect(RedirectRow redirect);

    void retired(RetiredRow retired);

    /** The whole store was told: nothing follows. */
    void end();

    /** Where an export comes from; {@code nodes} and {@code items} are -1 when not known. */
    record Header(int formatVersion, String softwareVersion, Instant exported, long nodes, long items) {
    }

    /**
     * A node's row with its counters (pubsub_node_state); {@code config}: the fields as stored, in stored order;
     * {@code parent}: the name of the collection it belongs to (XEP-0248), null for none.
     */
    record NodeRow(String name, String creator, Instant created, Map<String, String> config, long lastSeq,
                   long removedSeq, long lostSeq, int itemCount, String parent) {
        NodeRow(String name, String creator, Instant created, Map<String, String> config, long lastSeq,
                long removedSeq, long lostSeq, int itemCount) {
            this(name, creator, created, config, lastSeq, removedSeq, lostSeq, itemCount, null);
        }
    }

    record AffiliationRow(String jid, String affiliation) {
    }

    /** {@code options}: the subscription's pubsub#... fields as stored (a lease is pubsub#expire). */
    record SubscriptionRow(String subId, String jid, String state, Map<String, String> options) {
    }

    /** {@code payload}: the payload element as stored XML text, empty for a notification-only item. */
    record ItemRow(long seq, String itemId, String publisher, Instant published, String payload) {
    }

    /** Where requests for a deleted node's name are sent (pubsub_node_redirect). */
    record RedirectRow(String name, String uri) {
    }

    /** Where a deleted node's sequence stood (pubsub_node_retired): a node created again under the name continues after it. */
    record RetiredRow(String name, long lastSeq) {
    }
}
