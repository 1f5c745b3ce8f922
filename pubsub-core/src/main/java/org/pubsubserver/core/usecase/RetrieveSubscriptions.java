package org.pubsubserver.core.usecase;

import java.util.List;
import java.util.Objects;
import org.pubsubserver.core.model.Subscription;
import org.xmpp.packet.JID;

/** XEP-0060 §5.6: the requester's subscriptions (any JID with its bare JID), optionally on one node only. */
public final class RetrieveSubscriptions {
    public record Request(JID requester, String node) {
        public Request {
            Objects.requireNonNull(requester, "requester");
        }
    }

    private final UseCaseContext context;

    public RetrieveSubscriptions(UseCaseContext context) {
        this.context = context;
    }

    public List<Subscription> execute(Request request) {
        var now = context.clock().instant();
        return context.store().subscriptionsOf(request.requester().asBareJID(), request.node()).stream()
                .filter(subscription -> !subscription.options().expiredAt(now))
                .toList();
    }
}
