package org.pubsubserver.core.usecase;

import java.util.List;
import org.pubsubserver.core.model.AffiliatedEntity;
import org.pubsubserver.core.model.Affiliation;
import org.pubsubserver.core.model.Node;
import org.pubsubserver.core.model.SubscriptionState;
import org.xmpp.packet.JID;

/** XEP-0060 §5.4: what a node's meta-data form tells: the node, its owners and publishers, its subscriber count. */
public final class DescribeNode {
    public record Description(Node node, List<JID> owners, List<JID> publishers, int subscribers) {
        public Description {
            owners = List.copyOf(owners);
            publishers = List.copyOf(publishers);
        }
    }

    private final UseCaseContext context;

    public DescribeNode(UseCaseContext context) {
        this.context = context;
    }

    public Description execute(String name) {
        Node node = context.requireNode(name);
        List<AffiliatedEntity> affiliations = context.store().affiliations(node);
        // §5.4 pubsub#num_subscribers: subscribed entities, however many subscriptions each holds
        int subscribers = (int) context.activeSubscriptions(node).stream()
                .filter(s -> s.state() == SubscriptionState.SUBSCRIBED).map(s -> s.jid().toString()).distinct().count();
        return new Description(node, jidsWith(affiliations, Affiliation.OWNER),
                jidsWith(affiliations, Affiliation.PUBLISHER), subscribers);
    }

    private static List<JID> jidsWith(List<AffiliatedEntity> affiliations, Affiliation affiliation) {
        return affiliations.stream().filter(a -> a.affiliation() == affiliation).map(AffiliatedEntity::jid).toList();
    }
}
