package org.pubsubserver.core.usecase;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.pubsubserver.core.error.PubSubCondition;
import org.pubsubserver.core.error.PubSubException;
import org.pubsubserver.core.error.StanzaCondition;
import org.pubsubserver.core.model.Node;
import org.pubsubserver.core.model.Subscription;
import org.xmpp.packet.JID;

/**
 * XEP-0060 §6.3 "Configure Subscription Options": read (§6.3.2) and change (§6.3.5) a subscription's
 * options. Both find the subscription with the errors of §6.3.4.
 */
public final class ConfigureSubscription {
    /** {@code subId} may be null when the JID has one subscription; {@code options} is null for a read. */
    public record Request(JID requester, String node, JID jid, String subId, Map<String, String> options) {
        public Request {
            Objects.requireNonNull(requester, "requester");
            Objects.requireNonNull(node, "node");
            Objects.requireNonNull(jid, "jid");
            options = options == null ? null : Map.copyOf(options);
        }
    }

    private final UseCaseContext context;

    public ConfigureSubscription(UseCaseContext context) {
        this.context = context;
    }

    /** The subscription with its options (for a change, the changed ones), and the node. */
    public record Result(Node node, Subscription subscription) {
    }

    public Result execute(Request request) {
        Node node = context.requireNode(request.node()); // §6.3.4.7
        if (!request.jid().toBareJID().equals(request.requester().toBareJID())) {
            throw PubSubException.of(StanzaCondition.FORBIDDEN, "only the subscriber may see or change its options"); // §6.3.4.1
        }
        List<Subscription> own = context.activeSubscriptions(node).stream()
                .filter(s -> s.jid().equals(request.jid())).toList();
        if (own.isEmpty()) {
            throw PubSubException.of(StanzaCondition.UNEXPECTED_REQUEST_MODIFY, PubSubCondition.NOT_SUBSCRIBED, // §6.3.4.2
                    request.jid() + " is not subscribed to " + node.name());
        }
        Subscription subscription;
        if (request.subId() == null) {
            if (own.size() > 1) {
                throw PubSubException.of(StanzaCondition.BAD_REQUEST, PubSubCondition.SUBID_REQUIRED, // §6.3.4.4
                        request.jid() + " has several subscriptions to " + node.name() + "; name one by subid");
            }
            subscription = own.get(0);
        } else {
            subscription = own.stream().filter(s -> s.subId().equals(request.subId())).findFirst()
                    .orElseThrow(() -> PubSubException.of(StanzaCondition.NOT_ACCEPTABLE, PubSubCondition.INVALID_SUBID,
                            "no subscription " + request.subId() + " of " + request.jid())); // §6.3.4.5
        }
        if (request.options() == null) {
            return new Result(node, subscription);
        }
        var changed = OptionsForms.apply(node, subscription.options(), request.options()); // §6.3.6
        context.store().setSubscriptionOptions(node, subscription.subId(), changed);
        return new Result(node, new Subscription(subscription.node(), subscription.jid(), subscription.subId(),
                subscription.state(), changed));
    }
}
