package org.pubsubserver.core.usecase;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.pubsubserver.core.error.PubSubException;
import org.pubsubserver.core.error.StanzaCondition;
import org.pubsubserver.core.event.AffiliationChanged;
import org.pubsubserver.core.event.EventSink;
import org.pubsubserver.core.model.AffiliatedEntity;
import org.pubsubserver.core.model.Affiliation;
import org.pubsubserver.core.model.Node;
import org.pubsubserver.core.model.Subscription;
import org.pubsubserver.core.model.SubscriptionState;
import org.xmpp.packet.JID;

/**
 * XEP-0060 §8.9: an owner reads the node's affiliations (§8.9.1: every one but "none") and changes them
 * (§8.9.2), by bare JID. What follows from a change: an outcast's subscriptions end and it is blocked; an
 * entity that may no longer subscribe (publish-only, or off a whitelist) loses its subscriptions; an owner,
 * publisher or member with a pending subscription is approved (§8.7.4's note). The last owner cannot be
 * removed: such entries are returned with "owner" and not applied; the others are (§8.9.2.4).
 */
public final class ManageAffiliations {
    /** One requested change; {@code affiliation} as sent (may be invalid or null). */
    public record Entry(JID jid, String affiliation) {
        public Entry {
            Objects.requireNonNull(jid, "jid");
        }
    }

    /** {@code changes}: null to read the list. */
    public record Request(JID requester, String node, List<Entry> changes) {
        public Request {
            Objects.requireNonNull(requester, "requester");
            Objects.requireNonNull(node, "node");
            changes = changes == null ? null : List.copyOf(changes);
        }
    }

    /** For a read, the affiliations; for a change, the entries not applied with the affiliation each still has. */
    public record Result(List<AffiliatedEntity> affiliations, List<AffiliatedEntity> rejected) {
    }

    private final UseCaseContext context;

    public ManageAffiliations(UseCaseContext context) {
        this.context = context;
    }

    public Result execute(Request request, EventSink events) {
        Node node = context.requireOwnedNode(request.node(), request.requester()); // §8.9.1.3
        List<AffiliatedEntity> current = context.store().affiliations(node).stream()
                .filter(entity -> entity.affiliation() != Affiliation.NONE)
                .toList();
        if (request.changes() == null) {
            return new Result(current, List.of());
        }
        Set<String> seen = new HashSet<>();
        for (Entry entry : request.changes()) {
            if (!seen.add(entry.jid().toBareJID())) {
                // §8.9.2.4: one entry per entity
                throw PubSubException.of(StanzaCondition.BAD_REQUEST, "more than one affiliation for " + entry.jid().toBareJID());
            }
        }
        Map<String, Affiliation> now = new LinkedHashMap<>();
        current.forEach(entity -> now.put(entity.jid().toBareJID(), entity.affiliation()));

        List<AffiliatedEntity> rejected = new ArrayList<>();
        Map<JID, Affiliation> accepted = new LinkedHashMap<>();
        for (Entry entry : request.changes()) {
            if (entry.affiliation() == null) {
                continue; // §8.9.2.1: without an 'affiliation' attribute the value is not changed
            }
            JID jid = entry.jid().asBareJID();
            Affiliation wanted = parse(entry.affiliation());
            if (wanted == null) {
                rejected.add(new AffiliatedEntity(jid, now.getOrDefault(jid.toBareJID(), Affiliation.NONE)));
            } else {
                accepted.put(jid, wanted);
            }
        }
        // §8.9.2.4: a node keeps at least one owner
        Set<String> owners = new HashSet<>();
        now.forEach((jid, affiliation) -> {
            if (affiliation == Affiliation.OWNER) {
                owners.add(jid);
            }
        });
        accepted.forEach((jid, affiliation) -> {
            if (affiliation == Affiliation.OWNER) {
                owners.add(jid.toBareJID());
            } else {
                owners.remove(jid.toBareJID());
            }
        });
        if (owners.isEmpty()) {
            accepted.entrySet().removeIf(change -> {
                boolean demotesOwner = now.get(change.getKey().toBareJID()) == Affiliation.OWNER;
                if (demotesOwner) {
                    rejected.add(new AffiliatedEntity(change.getKey(), Affiliation.OWNER));
                }
                return demotesOwner;
            });
        }
        // every access check first (it may need rosters, and then the request runs again): no write before
        Map<JID, Boolean> keeps = new LinkedHashMap<>();
        accepted.forEach((jid, affiliation) -> keeps.put(jid, context.access().mayKeepSubscription(node, jid, affiliation)));
        accepted.forEach((jid, affiliation) -> apply(node, jid, affiliation, keeps.get(jid), events));
        return new Result(List.of(), rejected);
    }

    private void apply(Node node, JID jid, Affiliation affiliation, boolean keepsSubscriptions, EventSink events) {
        context.store().setAffiliation(node, jid, affiliation);
        List<Subscription> subscriptions = context.store().subscriptionsOf(jid, node.name());
        if (!keepsSubscriptions) {
            SubscriptionChanges.end(context, node, subscriptions, events);
        } else if (affiliation != Affiliation.NONE) {
            for (Subscription subscription : subscriptions) {
                if (subscription.state() == SubscriptionState.PENDING) {
                    SubscriptionChanges.approve(context, node, subscription, events);
                }
            }
        }
        events.emit(new AffiliationChanged(node, jid, affiliation));
    }

    private static Affiliation parse(String value) {
        try {
            return Affiliation.fromValue(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
