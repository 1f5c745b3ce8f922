package org.pubsubserver.core.access;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.pubsubserver.core.error.PubSubCondition;
import org.pubsubserver.core.error.PubSubException;
import org.pubsubserver.core.error.StanzaCondition;
import org.pubsubserver.core.model.AccessModel;
import org.pubsubserver.core.model.AffiliatedEntity;
import org.pubsubserver.core.model.Affiliation;
import org.pubsubserver.core.model.Node;
import org.pubsubserver.core.model.NodeAffiliation;
import org.pubsubserver.core.model.PublishModel;
import org.pubsubserver.core.model.Subscription;
import org.pubsubserver.core.model.SubscriptionState;
import org.pubsubserver.core.store.NodeStore;
import org.xmpp.packet.JID;

/**
 * The permission model in one place: XEP-0060 §4.1's table of what each affiliation may do, combined with
 * the node's access model (§4.5) and publish model, and the service's admins, who act as owners of every
 * node. Each check throws the error the XEP names for the use case, so every caller answers alike.
 * Runs on an engine lane (it reads the store).
 */
public final class AccessControl {
    private final NodeStore store;
    private final ServicePolicy policy;
    private final RosterSource rosters;
    /** Whether the request running on this thread had its rosters read for it (see {@link #anOwnersRosterHas}). */
    private final ThreadLocal<Boolean> rostersReadForThisRequest = ThreadLocal.withInitial(() -> false);

    public AccessControl(NodeStore store, ServicePolicy policy, RosterSource rosters) {
        this.store = store;
        this.policy = policy;
        this.rosters = rosters;
    }

    /**
     * The access models the service offers: presence and roster only where owners' rosters can be read.
     * Throws {@code not-acceptable} + {@code unsupported-access-model} for another (§8.1.2, §8.2).
     */
    public void requireOfferedAccessModel(AccessModel model) {
        if ((model == AccessModel.PRESENCE || model == AccessModel.ROSTER) && !rosters.available()) {
            throw PubSubException.of(StanzaCondition.NOT_ACCEPTABLE, PubSubCondition.UNSUPPORTED_ACCESS_MODEL,
                    "the access model " + model.value() + " needs the owners' rosters, which the XMPP server does not"
                            + " let this service read (XEP-0356)");
        }
    }

    public ServicePolicy policy() {
        return policy;
    }

    public boolean isAdmin(JID jid) {
        return policy.isAdmin(jid);
    }

    /** The entity's affiliation by its bare JID; an admin is an owner of every node. */
    public Affiliation affiliation(Node node, JID jid) {
        return isAdmin(jid) ? Affiliation.OWNER : store.affiliation(node, jid.asBareJID());
    }

    /** The node's owners by stored affiliation (bare JIDs; admins are not listed). */
    public List<JID> owners(Node node) {
        return store.affiliations(node).stream()
                .filter(entity -> entity.affiliation() == Affiliation.OWNER)
                .map(AffiliatedEntity::jid)
                .toList();
    }

    /** The names of the nodes this bare JID owns by stored affiliation, sorted. */
    public List<String> nodesOwnedBy(JID jid) {
        return store.affiliationsOf(jid.asBareJID(), null).stream()
                .filter(entity -> entity.affiliation() == Affiliation.OWNER)
                .map(NodeAffiliation::node)
                .sorted()
                .toList();
    }

    /** Configure, delete, manage subscriptions and affiliations, approve subscribers: owners only (§4.1). */
    public void requireOwner(Node node, JID requester) {
        if (affiliation(node, requester) != Affiliation.OWNER) {
            throw PubSubException.of(StanzaCondition.FORBIDDEN, "only an owner of " + node.name() + " may do this");
        }
    }

    /** §4.1: owners and publishers may purge; publish-only entities, members and others may not. */
    public void requirePurger(Node node, JID requester) {
        Affiliation affiliation = affiliation(node, requester);
        if (affiliation != Affiliation.OWNER && affiliation != Affiliation.PUBLISHER) {
            throw PubSubException.of(StanzaCondition.FORBIDDEN, requester.toBareJID() + " may not purge " + node.name());
        }
    }

    /** §8.1.1: the node-creation policy; node count limit per user (admins are exempt from both). */
    public void requireMayCreateNode(JID requester) {
        if (isAdmin(requester)) {
            return;
        }
        if (!policy.nodeCreation().allowsDomain(requester.getDomain())) {
            throw PubSubException.of(StanzaCondition.FORBIDDEN, requester.toBareJID() + " may not create nodes here");
        }
        int limit = policy.maxNodesPerUser();
        if (limit > 0 && nodesOwnedBy(requester).size() >= limit) {
            throw PubSubException.of(StanzaCondition.NOT_ALLOWED, PubSubCondition.MAX_NODES_EXCEEDED,
                    requester.toBareJID() + " owns the most nodes allowed per user (" + limit + ")");
        }
    }

    /**
     * §6.1.3: whether {@code subscriber} may subscribe at all: outcasts are blocked (§6.1.3.8) and so are
     * publish-only entities (§4.1); on a whitelist node only owners, publishers and members may (§6.1.3.4).
     * Under "authorize" others may ask, and their subscription waits for an owner (§6.1.4).
     */
    public void requireMaySubscribe(Node node, JID subscriber) {
        Affiliation affiliation = affiliation(node, subscriber);
        switch (affiliation) {
            case OUTCAST -> throw PubSubException.of(StanzaCondition.FORBIDDEN,
                    subscriber.toBareJID() + " is blocked from " + node.name());
            case PUBLISH_ONLY -> throw PubSubException.of(StanzaCondition.FORBIDDEN,
                    "publish-only entities may not subscribe");
            case OWNER, PUBLISHER, MEMBER -> {
                return;
            }
            case NONE -> requireAccessModelAdmits(node, subscriber);
        }
    }

    /** True when the subscriber's subscription must wait for an owner's approval (§6.1.4). */
    public boolean needsApproval(Node node, JID subscriber) {
        return node.config().accessModel() == AccessModel.AUTHORIZE
                && affiliation(node, subscriber) == Affiliation.NONE;
    }

    /**
     * §6.5.2 and §6.5.9: owners, publishers and members may retrieve items; outcasts and publish-only
     * entities may not (§4.1); anyone else as the access model says, where "authorize" means subscribed.
     */
    public void requireMayRetrieve(Node node, JID requester, List<Subscription> subscriptions) {
        Affiliation affiliation = affiliation(node, requester);
        switch (affiliation) {
            case OUTCAST -> throw PubSubException.of(StanzaCondition.FORBIDDEN,
                    requester.toBareJID() + " is blocked from " + node.name()); // §6.5.9.10
            case PUBLISH_ONLY -> throw PubSubException.of(StanzaCondition.FORBIDDEN,
                    "publish-only entities may not retrieve items");
            case OWNER, PUBLISHER, MEMBER -> {
                return;
            }
            case NONE -> {
                if (node.config().accessModel() == AccessModel.AUTHORIZE) {
                    if (!isSubscribed(requester, subscriptions)) {
                        throw PubSubException.of(StanzaCondition.NOT_AUTHORIZED, PubSubCondition.NOT_SUBSCRIBED,
                                "only subscribers may retrieve items from " + node.name()); // §6.5.9.3
                    }
                    return;
                }
                requireAccessModelAdmits(node, requester);
            }
        }
    }

    /**
     * Whether the entity (null: anonymous) may read the node's items, for the SSE stream. The subscriptions
     * are read only for a named reader (an anonymous one opens every stream: no query per stream).
     */
    public boolean mayRead(Node node, JID reader, Supplier<List<Subscription>> subscriptions) {
        if (reader == null) {
            return node.config().accessModel() == AccessModel.OPEN;
        }
        try {
            requireMayRetrieve(node, reader, subscriptions.get());
            return true;
        } catch (PubSubException refused) {
            return false;
        }
    }

    /**
     * §7.1.3.1: owners, publishers and publish-only entities may always publish; with publish_model
     * "subscribers" subscribers may too, with "open" anyone but outcasts.
     */
    public void requireMayPublish(Node node, JID requester, List<Subscription> subscriptions) {
        Affiliation affiliation = affiliation(node, requester);
        if (affiliation == Affiliation.OUTCAST) {
            throw PubSubException.of(StanzaCondition.FORBIDDEN, "outcasts may not publish");
        }
        PublishModel model = node.config().publishModel();
        boolean allowed = affiliation.mayPublish()
                || model == PublishModel.OPEN
                || (model == PublishModel.SUBSCRIBERS && isSubscribed(requester, subscriptions));
        if (!allowed) {
            throw PubSubException.of(StanzaCondition.FORBIDDEN, requester.toBareJID() + " may not publish to " + node.name());
        }
    }

    /**
     * Whether an entity whose subscription is kept may keep it under the node's access model: after an
     * affiliation change or a change of access model (to whitelist, presence or roster, or of the allowed
     * roster groups), subscriptions of those who lost access are removed. May throw {@link RosterNeeded}.
     */
    public boolean mayKeepSubscription(Node node, JID subscriber) {
        return mayKeepSubscription(node, subscriber, affiliation(node, subscriber));
    }

    /** As {@link #mayKeepSubscription(Node, JID)} with the affiliation the subscriber is about to have. */
    public boolean mayKeepSubscription(Node node, JID subscriber, Affiliation affiliation) {
        if (isAdmin(subscriber)) {
            return true;
        }
        return switch (affiliation) {
            case OUTCAST, PUBLISH_ONLY -> false;
            case OWNER, PUBLISHER, MEMBER -> true;
            case NONE -> switch (node.config().accessModel()) {
                case OPEN, AUTHORIZE -> true;
                case WHITELIST -> false;
                case PRESENCE -> anOwnersRosterHas(node, subscriber, null);
                case ROSTER -> anOwnersRosterHas(node, subscriber, node.config().rosterGroupsAllowed());
            };
        };
    }

    private void requireAccessModelAdmits(Node node, JID entity) {
        switch (node.config().accessModel()) {
            case OPEN, AUTHORIZE -> {
            }
            case WHITELIST -> throw PubSubException.of(StanzaCondition.NOT_ALLOWED, PubSubCondition.CLOSED_NODE,
                    entity.toBareJID() + " is not on the whitelist of " + node.name()); // §6.1.3.4, §6.5.9.8
            case PRESENCE -> {
                // §6.1.3.2, §6.5.9.6: subscribed to an owner's presence (the owner's roster item is "from" or "both")
                if (!anOwnersRosterHas(node, entity, null)) {
                    throw PubSubException.of(StanzaCondition.NOT_AUTHORIZED, PubSubCondition.PRESENCE_SUBSCRIPTION_REQUIRED,
                            entity.toBareJID() + " is not subscribed to the presence of an owner of " + node.name());
                }
            }
            case ROSTER -> {
                // §6.1.3.3, §6.5.9.7: and in one of the groups named by pubsub#roster_groups_allowed
                if (!anOwnersRosterHas(node, entity, node.config().rosterGroupsAllowed())) {
                    throw PubSubException.of(StanzaCondition.NOT_AUTHORIZED, PubSubCondition.NOT_IN_ROSTER_GROUP,
                            entity.toBareJID() + " is not in an allowed roster group of an owner of " + node.name());
                }
            }
        }
    }

    /**
     * Whether an owner's roster shares presence with the entity (in one of {@code groups}, unless null).
     * Throws {@link RosterNeeded} when that cannot be known without rosters not yet read, and before a "no"
     * that would rest on cached rosters: a refusal reads them again first (§6.1.3.2, §6.1.3.3, §6.5.9.6,
     * §6.5.9.7 are answered on the roster as it is; a contact added a moment ago, of which the XMPP server
     * sent no roster push, is let in). A cached roster that admits is taken as it is.
     */
    private boolean anOwnersRosterHas(Node node, JID entity, Set<String> groups) {
        List<JID> owners = owners(node);
        List<JID> missing = new ArrayList<>();
        for (JID owner : owners) {
            Optional<Roster> roster = rosters.cached(owner);
            if (roster.isEmpty()) {
                missing.add(owner);
                continue;
            }
            Roster.Contact contact = roster.get().contact(entity);
            if (contact != null && contact.seesOwnersPresence()
                    && (groups == null || contact.groups().stream().anyMatch(groups::contains))) {
                return true;
            }
        }
        if (!missing.isEmpty()) {
            throw new RosterNeeded(missing);
        }
        List<JID> readable = owners.stream().filter(rosters::canRead).toList();
        if (!rostersReadForThisRequest.get() && !readable.isEmpty()) {
            throw new RosterNeeded(readable);
        }
        return false;
    }

    /**
     * Runs a request again after the rosters it needed were read for it: its refusals may rest on them. Each
     * request runs on one lane thread from start to end, so the mark is the request's own.
     */
    public <T> T withRostersReadForThisRequest(Supplier<T> request) {
        rostersReadForThisRequest.set(true);
        try {
            return request.get();
        } finally {
            rostersReadForThisRequest.set(false);
        }
    }

    private static boolean isSubscribed(JID requester, List<Subscription> subscriptions) {
        String bare = requester.toBareJID();
        return subscriptions.stream().anyMatch(s -> s.state() == SubscriptionState.SUBSCRIBED
                && s.jid().toBareJID().equals(bare));
    }
}
