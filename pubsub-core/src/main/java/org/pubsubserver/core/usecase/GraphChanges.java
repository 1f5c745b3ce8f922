package org.pubsubserver.core.usecase;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.pubsubserver.core.config.NodeConfigField;
import org.pubsubserver.core.error.PubSubCondition;
import org.pubsubserver.core.error.PubSubException;
import org.pubsubserver.core.error.StanzaCondition;
import org.pubsubserver.core.event.CollectionChanged.Change;
import org.pubsubserver.core.event.EventSink;
import org.pubsubserver.core.model.Node;
import org.xmpp.packet.JID;

/**
 * The node graph as a submitted configuration changes it (XEP-0248 §associate-node, §dissociate, §impl-config):
 * {@code pubsub#collection} on a node names its parent (empty: the root), {@code pubsub#children} on a collection
 * names its children. Neither is part of the stored configuration: each child's parent column holds the graph.
 * A child's parent is written from the lane of the node whose configuration named it (the child's for
 * pubsub#collection, the collection's for pubsub#children and for its deletion): one column of the child's row,
 * whose cached node the write drops like any other.
 */
final class GraphChanges {
    /** What a submitted form asks of the graph: each null when the form does not name it. */
    record Asked(String parent, List<String> children) {
    }

    private GraphChanges() {
    }

    /** Takes the graph fields out of a submitted form (which keeps the rest); what they ask. */
    static Asked takeFrom(Map<String, String> submitted) {
        String parent = submitted.remove(NodeConfigField.COLLECTION.var());
        String children = submitted.remove(NodeConfigField.CHILDREN.var());
        if (parent != null) {
            List<String> parents = lines(parent);
            if (parents.size() > 1) {
                throw PubSubException.of(StanzaCondition.NOT_ACCEPTABLE, PubSubCondition.INVALID_OPTIONS,
                        "a node belongs to one collection at most: this service has no pubsub#multi-collections");
            }
            parent = parents.isEmpty() ? "" : parents.get(0);
        }
        return new Asked(parent, children == null ? null : lines(children));
    }

    static Map<String, String> copy(Map<String, String> submitted) {
        return submitted == null ? new HashMap<>() : new HashMap<>(submitted);
    }

    private static List<String> lines(String value) {
        return List.copyOf(new LinkedHashSet<>(value.lines().map(String::trim).filter(v -> !v.isEmpty()).toList()));
    }

    /**
     * Checks that the node may go where {@code parent} says ("" for the root; see
     * {@link Hierarchy#requireMayAssociate}), before anything is written; the collection it goes to, or null.
     */
    static Node checkParent(UseCaseContext context, Node node, String parent, JID requester) {
        String wanted = parent == null || parent.isEmpty() ? null : parent;
        if (wanted == null || wanted.equals(node.parent())) {
            return null;
        }
        return Hierarchy.requireMayAssociate(context, wanted, node.name(), requester);
    }

    /**
     * Moves the node as asked ({@code parent}: "" for the root; {@code collection}: what {@link #checkParent} gave):
     * it leaves its old collection, whose subscribers are told, and joins the new one. Returns the node as it now is.
     */
    static Node setParent(UseCaseContext context, Node node, String parent, Node collection, EventSink events) {
        String wanted = parent == null || parent.isEmpty() ? null : parent;
        if (Objects.equals(wanted, node.parent())) {
            return node;
        }
        Node old = node.parent() == null ? null : context.store().findNode(node.parent()).orElse(null);
        Node moved = context.store().setParent(node, wanted);
        if (old != null) {
            Hierarchy.tellNodes(context, old, node.name(), Change.DISSOCIATED, events);
        }
        if (collection != null) {
            Hierarchy.tellNodes(context, collection, node.name(), Change.ASSOCIATED, events);
        }
        return moved;
    }

    /**
     * The collection's children as asked: those left out are dissociated (to the root), those added are associated
     * (each must exist, be the requester's, make no cycle, and fit children_max).
     */
    static void setChildren(UseCaseContext context, Node collection, List<String> children, JID requester,
                            EventSink events) {
        if (!collection.isCollection()) {
            if (children.isEmpty()) {
                return;
            }
            throw PubSubException.of(StanzaCondition.NOT_ALLOWED, PubSubCondition.INVALID_OPTIONS,
                    collection.name() + " is a leaf: a leaf has no children (XEP-0248 §error-children-on-leaf)");
        }
        List<String> current = context.store().children(collection.name());
        Set<String> wanted = new LinkedHashSet<>(children);
        if (wanted.size() > collection.config().childrenMax()) {
            throw PubSubException.of(StanzaCondition.NOT_ALLOWED, PubSubCondition.MAX_NODES_EXCEEDED,
                    children.size() + " children are more than " + collection.name() + "'s pubsub#children_max of "
                            + collection.config().childrenMax() + " (XEP-0248 §error-max-children)");
        }
        // every check before the first write: a refusal changes nothing
        List<Node> added = wanted.stream().filter(name -> !current.contains(name))
                .map(name -> requireOwnChild(context, collection, name, requester)).toList();
        for (String name : current) {
            if (!wanted.contains(name)) {
                context.store().findNode(name).ifPresent(child -> {
                    context.store().setParent(child, null);
                    Hierarchy.tellNodes(context, collection, name, Change.DISSOCIATED, events);
                });
            }
        }
        for (Node child : added) {
            Node old = child.parent() == null ? null : context.store().findNode(child.parent()).orElse(null);
            context.store().setParent(child, collection.name());
            if (old != null) {
                Hierarchy.tellNodes(context, old, child.name(), Change.DISSOCIATED, events);
            }
            Hierarchy.tellNodes(context, collection, child.name(), Change.ASSOCIATED, events);
        }
    }

    /** A node to become the collection's child: it exists, the requester owns it, and it makes no cycle. */
    private static Node requireOwnChild(UseCaseContext context, Node collection, String name, JID requester) {
        Node child = context.requireNode(name);
        context.access().requireOwner(child, requester); // §error-config-not-authorized
        if (name.equals(collection.name()) || Hierarchy.ancestors(context, collection).stream()
                .anyMatch(above -> above.name().equals(name))) {
            throw PubSubException.of(StanzaCondition.NOT_ALLOWED, PubSubCondition.INVALID_OPTIONS,
                    "making " + name + " a child of " + collection.name()
                            + " would make a cycle (XEP-0248 §error-collection-cycle)");
        }
        return child;
    }
}
