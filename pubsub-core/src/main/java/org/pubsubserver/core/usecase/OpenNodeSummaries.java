package org.pubsubserver.core.usecase;

import java.util.ArrayList;
import java.util.List;
import org.pubsubserver.core.model.AccessModel;
import org.pubsubserver.core.model.Node;
import org.pubsubserver.core.store.NodeStore;

/**
 * The nodes anyone may read (access model open), each with what a reader chooses it by: its title, description,
 * access model, whether it is a collection, and its item count. For the web console's list of nodes; what it tells is
 * what anyone may already learn (XEP-0060 §5.4 disco#info of an open node), so there is no requester.
 */
public final class OpenNodeSummaries {
    /** One open node as the console lists it. */
    public record Summary(String node, String title, String description, AccessModel accessModel, boolean collection,
                          int items) {
    }

    private final UseCaseContext context;

    public OpenNodeSummaries(UseCaseContext context) {
        this.context = context;
    }

    /** The open nodes sorted by name, at most {@code atMost} of them. */
    public List<Summary> list(int atMost) {
        NodeStore store = context.store();
        List<Summary> open = new ArrayList<>();
        for (String name : store.nodeNames()) {
            if (open.size() >= atMost) {
                break;
            }
            store.findNode(name).filter(node -> node.config().accessModel() == AccessModel.OPEN)
                    .ifPresent(node -> open.add(summary(store, node)));
        }
        return open;
    }

    private static Summary summary(NodeStore store, Node node) {
        return new Summary(node.name(), node.config().title(), node.config().description(), node.config().accessModel(),
                node.isCollection(), node.isCollection() ? 0 : store.itemCount(node));
    }
}
