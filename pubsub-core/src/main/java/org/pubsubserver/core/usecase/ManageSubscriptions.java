package org.pubsubserver.core.usecase;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.pubsubserver.core.event.EventSink;
import org.pubsubserver.core.event.Subscribed;
import org.pubsubserver.core.model.Node;
import org.pubsubserver.core.model.Subscription;
import org.pubsubserver.core.model.SubscriptionOptions;
import org.pubsubserver.core.model.SubscriptionState;
import org.xmpp.packet.JID;

/**
 * XEP-0060 §8.8: an owner reads the node's subscriptions (§8.8.1: subscribed and unconfigured ones, not
 * pending ones) and changes them (§8.8.2): "subscribed" approves a pending subscription or subscribes an
 * entity, "none" removes (§8.8.3). Each change is told to the subscriber (§8.8.4). Entries that cannot be
 * applied are returned with the state they still have; the others are applied (§8.8.2.4).
 */
public final class ManageSubscriptions {
    /** One requested change; {@code state} as sent (may be invalid), {@code subId} may be null. */
    public record Entry(JID jid, String state, String subId) {
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

    /** An entry not applied, with the state its JID (or subid) has: what the error reply lists. */
    public record Rejected(JID jid, SubscriptionState state, String subId) {
    }

    /** For a read, the subscriptions; for a change, the entries not applied (empty when all were). */
    public record Result(List<Subscription> subscriptions, List<Rejected> rejected) {
    }

    private final UseCaseContext context;

    public ManageSubscriptions(UseCaseContext context) {
        this.context = context;
    }

    public Result execute(Request request, EventSink events) {
        Node node = context.requireOwnedNode(request.node(), request.requester()); // §8.8.1.3
        List<Subscription> current = context.activeSubscriptions(node);
        if (request.changes() == null) {
            return new Result(current.stream()
                    .filter(s -> s.state() == SubscriptionState.SUBSCRIBED || s.state() == SubscriptionState.UNCONFIGURED)
                    .toList(), List.of());
        }
        // every access check first (it may need rosters, and then the request runs again): no write before
        Set<JID> admitted = new HashSet<>();
        for (Entry entry : request.changes()) {
            if ("subscribed".equals(entry.state()) && context.access().mayKeepSubscription(node, entry.jid())) {
                admitted.add(entry.jid());
            }
        }
        List<Rejected> rejected = new ArrayList<>();
        for (Entry entry : request.changes()) {
            List<Subscription> own = context.activeSubscriptions(node).stream()
                    .filter(s -> s.jid().equals(entry.jid()))
                    .filter(s -> entry.subId() == null || s.subId().equals(entry.subId()))
                    .toList();
            if (entry.state() == null) {
                continue; // §8.8.2.1: without a 'subscription' attribute the value is not changed
            }
            boolean applied = entry.subId() != null && own.isEmpty() ? false : switch (entry.state()) {
                case "none" -> {
                    SubscriptionChanges.end(context, node, own, events);
                    yield true;
                }
                case "subscribed" -> admitted.contains(entry.jid()) && subscribe(node, entry, own, events);
                default -> false;
            };
            if (!applied) {
                rejected.add(new Rejected(entry.jid(), own.isEmpty() ? SubscriptionState.NONE : own.get(0).state(),
                        entry.subId()));
            }
        }
        return new Result(List.of(), rejected);
    }

    /** Approves the JID's pending subscriptions, or subscribes it (its access was checked). */
    private boolean subscribe(Node node, Entry entry, List<Subscription> own, EventSink events) {
        if (own.isEmpty()) {
            Subscription added = context.store().addSubscription(node, entry.jid(),
                    UUID.randomUUID().toString().replace("-", ""), SubscriptionState.SUBSCRIBED,
                    SubscriptionOptions.defaults());
            events.emit(SubscriptionChanges.changed(context, node, added, true));
            events.emit(new Subscribed(node, added, Subscribe.lastItemFor(context, node)));
            return true;
        }
        for (Subscription subscription : own) {
            if (subscription.state() != SubscriptionState.SUBSCRIBED) {
                SubscriptionChanges.approve(context, node, subscription, events);
            }
        }
        return true;
    }
}
