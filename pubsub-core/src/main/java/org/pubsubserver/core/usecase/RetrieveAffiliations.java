package org.pubsubserver.core.usecase;

import java.util.List;
import java.util.Objects;
import org.pubsubserver.core.model.NodeAffiliation;
import org.xmpp.packet.JID;

/** XEP-0060 §5.7: the requester's affiliations (by bare JID), optionally with one node only. */
public final class RetrieveAffiliations {
    public record Request(JID requester, String node) {
        public Request {
            Objects.requireNonNull(requester, "requester");
        }
    }

    private final UseCaseContext context;

    public RetrieveAffiliations(UseCaseContext context) {
        this.context = context;
    }

    public List<NodeAffiliation> execute(Request request) {
        return context.store().affiliationsOf(request.requester().asBareJID(), request.node());
    }
}
