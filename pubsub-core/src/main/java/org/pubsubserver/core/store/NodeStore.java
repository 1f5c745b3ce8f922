package org.pubsubserver.core.store;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.pubsubserver.core.model.AffiliatedEntity;
import org.pubsubserver.core.model.AppendResult;
import org.pubsubserver.core.model.ArchivePage;
import org.pubsubserver.core.model.ArchiveQuery;
import org.pubsubserver.core.model.Affiliation;
import org.pubsubserver.core.model.Item;
import org.pubsubserver.core.model.ItemPage;
import org.pubsubserver.core.model.PageRequest;
import org.pubsubserver.core.model.NewItem;
import org.pubsubserver.core.model.Node;
import org.pubsubserver.core.model.NodeAffiliation;
import org.pubsubserver.core.model.NodeConfig;
import org.pubsubserver.core.model.Removal;
import org.pubsubserver.core.model.StreamPosition;
import org.pubsubserver.core.model.Subscription;
import org.pubsubserver.core.model.SubscriptionOptions;
import org.pubsubserver.core.model.SubscriptionState;
import org.xmpp.packet.JID;

/**
 * The node store. Every method is one transaction and has committed when it returns, so a caller may
 * acknowledge what it wrote; inside a group of its {@link #groupCommit()} the commit comes at the group's
 * end, and acknowledgements wait for it. Methods block: call them from an engine lane, never from an I/O thread.
 * Item order is the per-node sequence, oldest first.
 */
public interface NodeStore {

    /** How this store commits several calls at once; {@link GroupCommit#NONE} where it does not. */
    default GroupCommit groupCommit() {
        return GroupCommit.NONE;
    }

    Optional<Node> findNode(String name);

    /**
     * Creates the node with {@code creator} as its owner (and forgets a redirect of that name); empty when a
     * node of that name exists.
     */
    default Optional<Node> createNode(String name, JID creator, NodeConfig config, Instant created) {
        return createNode(name, creator, config, created, null);
    }

    /** As {@link #createNode(String, JID, NodeConfig, Instant)}, as a child of the collection {@code parent} (or null). */
    Optional<Node> createNode(String name, JID creator, NodeConfig config, Instant created, String parent);

    /**
     * Associates the node with the collection {@code parent}, or with none (null, the root): XEP-0248. Returns the
     * node as it now is. A change of the node like any other: its cached form is dropped (and its version raised).
     */
    Node setParent(Node node, String parent);

    /** The names of the collection's children, sorted. */
    List<String> children(String collection);

    /** The names of the nodes directly below the root (without a parent collection), sorted. */
    List<String> topLevelNodeNames();

    /**
     * Deletes the node with its items, subscriptions and affiliations; false when it did not exist. With a
     * {@code redirect} URI (may be null) its name is remembered as moved there (§8.4.1).
     */
    boolean deleteNode(Node node, String redirect);

    /** Where a deleted node moved (§8.4.1), if its owner said; a node created again under the name has none. */
    Optional<String> redirectOf(String name);

    /** Replaces the node's configuration; returns the node as it now is. */
    Node updateConfig(Node node, NodeConfig config);

    /**
     * Deletes all of the node's items; returns how many. A purge is always told (§8.5.2, and a {@code purge} event
     * to SSE streams): it takes the next place in the node's sequence.
     */
    int purgeItems(Node node);

    /** The names of all nodes, sorted. */
    List<String> nodeNames();

    /**
     * Stores {@code items} as the node's newest, in order. An item whose id already exists replaces it and
     * becomes the newest (not a removal). The oldest items beyond {@code maxItems} are removed, as a removal that
     * is told or not ({@code evictions}, see {@link Removal}): a told one takes its place in the sequence before
     * the new items. Returns the stored items with their sequence numbers, the ids of the removed oldest ones,
     * and the place a told eviction took. With {@code archive} the stored items are also added to the node's
     * archive, in the same transaction.
     */
    AppendResult appendItems(Node node, List<NewItem> items, JID publisher, Instant published, int maxItems,
                             Removal evictions, boolean archive);

    /** As {@link #appendItems(Node, List, JID, Instant, int, Removal, boolean)}, with the node's archive off. */
    default AppendResult appendItems(Node node, List<NewItem> items, JID publisher, Instant published, int maxItems,
                                     Removal evictions) {
        return appendItems(node, items, publisher, published, maxItems, evictions, false);
    }

    /**
     * A page of the node's archive (XEP-0313), oldest first. Empty when a place the query names
     * ({@link ArchiveQuery#mustExist}) is not in the archive (the caller answers that as item-not-found).
     */
    Optional<ArchivePage> archivePage(Node node, ArchiveQuery query);

    /**
     * Removes the node's oldest archived items but those of the newest {@code keepPlaces} places of its sequence, and
     * those published before {@code publishedBefore} (null for no age limit), at most {@code atMost} of them; only
     * ever the oldest, so the archive has no gaps (XEP-0313 §2.2). Returns how many went.
     */
    int trimArchive(Node node, long keepPlaces, Instant publishedBefore, int atMost);

    /** The node's items, oldest first; with {@code max} only the newest {@code max} of them. */
    List<Item> items(Node node, int max);

    /** Deletes the node's items published before {@code cutoff}; returns how many. Leaves no trace in the sequence. */
    int removeItemsPublishedBefore(Node node, Instant cutoff);

    /** The ids of the node's items published by any resource of this bare JID, oldest first. */
    List<String> itemIdsPublishedBy(Node node, JID bareJid);

    /** How many items the node holds. */
    int itemCount(Node node);

    /**
     * Deletes the items with these ids, as a removal that is told or not (see {@link Removal}); returns the ones
     * that existed, oldest first. Where none existed nothing was removed, and the sequence is as it was.
     */
    List<Item> removeItems(Node node, Collection<String> itemIds, Removal removal);

    /**
     * A page of the node's items, oldest first. Empty when a cursor item of {@code page} does not exist
     * (the caller answers that as item-not-found).
     */
    Optional<ItemPage> itemPage(Node node, PageRequest page);

    /** The items with these ids, oldest first; ids that do not exist are left out. */
    List<Item> itemsById(Node node, Collection<String> itemIds);

    /**
     * Where the node's sequence stands for SSE resume: its newest place, the latest told removal's, and the newest
     * place of an item removed untold.
     */
    StreamPosition streamPosition(Node node);

    /** Items with a sequence greater than {@code sequence}, oldest first, at most {@code limit}. */
    List<Item> itemsAfter(Node node, long sequence, int limit);

    /** The affiliation of a bare JID with the node; {@link Affiliation#NONE} when none is stored. */
    Affiliation affiliation(Node node, JID bareJid);

    /** Sets the affiliation of a bare JID; {@link Affiliation#NONE} removes the stored one. */
    void setAffiliation(Node node, JID bareJid, Affiliation affiliation);

    /** The node's stored affiliations, by JID. */
    List<AffiliatedEntity> affiliations(Node node);

    List<Subscription> subscriptions(Node node);

    /** Every subscription of any JID with this bare JID, on {@code node} only when it is not null. */
    List<Subscription> subscriptionsOf(JID bareJid, String node);

    /** Every stored affiliation of this bare JID, on {@code node} only when it is not null. */
    List<NodeAffiliation> affiliationsOf(JID bareJid, String node);

    /** Stores a new subscription with the given subid and options. */
    Subscription addSubscription(Node node, JID jid, String subId, SubscriptionState state, SubscriptionOptions options);

    /** Sets the state of the subscription with this subid; false when there is none. */
    boolean setSubscriptionState(Node node, String subId, SubscriptionState state);

    /** Replaces the options of the subscription with this subid; false when there is none. */
    boolean setSubscriptionOptions(Node node, String subId, SubscriptionOptions options);

    /** Removes the JID's subscriptions to the node (only {@code subId}'s when it is not null); returns how many. */
    int removeSubscriptions(Node node, JID jid, String subId);
}
