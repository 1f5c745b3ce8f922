package org.pubsubserver.http.admin;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.pubsubserver.core.model.AffiliatedEntity;
import org.pubsubserver.core.model.Item;
import org.pubsubserver.core.model.Subscription;
import org.pubsubserver.core.usecase.OperatorReports.NodeDetails;
import org.pubsubserver.core.usecase.OperatorReports.NodeSummary;
import org.pubsubserver.http.response.Json;
import org.xmpp.packet.JID;

/**
 * How the operator's reports read: as JSON for scripts ({@code curl .../nodes}), as text for people
 * ({@code bin/pubsub-admin}, or {@code ?format=text}). The one place both are written, whether the report came from a
 * running server or from a store the admin command opened itself.
 */
public final class OperatorViews {
    private OperatorViews() {
    }

    public static String summariesJson(List<NodeSummary> nodes) {
        return nodes.stream().map(n -> "{\"node\":" + Json.string(n.node()) + ",\"owners\":" + jids(n.owners())
                        + ",\"items\":" + n.items() + ",\"subscriptions\":" + n.subscriptions() + "}")
                .collect(Collectors.joining(",\n ", "[", "]\n"));
    }

    private static String jids(List<JID> jids) {
        return jids.stream().map(jid -> Json.string(jid.toString())).collect(Collectors.joining(",", "[", "]"));
    }

    public static String summariesText(List<NodeSummary> nodes) {
        int width = Math.max(4, nodes.stream().mapToInt(n -> n.node().length()).max().orElse(0));
        StringBuilder out = new StringBuilder(String.format("%-" + width + "s %8s %13s  %s%n", "NODE", "ITEMS",
                "SUBSCRIPTIONS", "OWNERS"));
        for (NodeSummary n : nodes) {
            out.append(String.format("%-" + width + "s %8d %13d  %s%n", n.node(), n.items(), n.subscriptions(),
                    n.owners().stream().map(JID::toString).collect(Collectors.joining(", "))));
        }
        return out.append(nodes.size()).append(nodes.size() == 1 ? " node\n" : " nodes\n").toString();
    }

    public static String detailsJson(NodeDetails details) {
        StringBuilder out = new StringBuilder("{\"node\":").append(Json.string(details.node().name()))
                .append(",\"creator\":").append(Json.string(details.node().creator().toString()))
                .append(",\"created\":").append(Json.string(details.node().created().toString()))
                .append(",\"config\":{");
        out.append(details.node().config().toFields().entrySet().stream()
                .map(f -> Json.string(f.getKey()) + ":" + Json.string(f.getValue())).collect(Collectors.joining(",")));
        out.append("},\"affiliations\":[");
        out.append(details.affiliations().stream().map(a -> "{\"jid\":" + Json.string(a.jid().toString())
                + ",\"affiliation\":" + Json.string(a.affiliation().name().toLowerCase()) + "}")
                .collect(Collectors.joining(",")));
        out.append("],\"subscriptions\":[");
        out.append(details.subscriptions().stream().map(OperatorViews::subscriptionJson).collect(Collectors.joining(",")));
        out.append("],\"item_count\":").append(details.itemCount()).append(",\"items\":[");
        out.append(details.newestItems().stream().map(i -> "{\"id\":" + Json.string(i.itemId()) + ",\"sequence\":"
                + i.sequence() + ",\"publisher\":" + Json.string(i.publisher().toString()) + ",\"published\":"
                + Json.string(i.published().toString()) + ",\"payload\":" + Json.string(i.payloadXml()) + "}")
                .collect(Collectors.joining(",")));
        return out.append("]}\n").toString();
    }

    private static String subscriptionJson(Subscription s) {
        Map<String, String> options = s.options().toFields();
        return "{\"jid\":" + Json.string(s.jid().toString()) + ",\"subid\":" + Json.string(s.subId()) + ",\"state\":"
                + Json.string(s.state().name().toLowerCase()) + ",\"options\":{" + options.entrySet().stream()
                .map(o -> Json.string(o.getKey()) + ":" + Json.string(o.getValue())).collect(Collectors.joining(","))
                + "}}";
    }

    public static String detailsText(NodeDetails details) {
        StringBuilder out = new StringBuilder();
        out.append("Node ").append(details.node().name()).append(", created ").append(details.node().created())
                .append(" by ").append(details.node().creator()).append('\n');
        out.append("Configuration:\n");
        details.node().config().toFields().forEach((name, value) -> out.append("  ").append(name).append(" = ")
                .append(value.replace("\n", "\\n")).append('\n'));
        out.append("Affiliations (").append(details.affiliations().size()).append("):\n");
        for (AffiliatedEntity a : details.affiliations()) {
            out.append("  ").append(a.jid()).append(' ').append(a.affiliation().name().toLowerCase()).append('\n');
        }
        out.append("Subscriptions (").append(details.subscriptions().size()).append("):\n");
        for (Subscription s : details.subscriptions()) {
            out.append("  ").append(s.jid()).append(' ').append(s.state().name().toLowerCase()).append(" subid ")
                    .append(s.subId());
            Map<String, String> options = s.options().toFields();
            if (!options.isEmpty()) {
                out.append(' ').append(options);
            }
            out.append('\n');
        }
        out.append("Items: ").append(details.itemCount());
        if (details.newestItems().size() < details.itemCount()) {
            out.append(" (the newest ").append(details.newestItems().size()).append(" shown)");
        }
        out.append('\n');
        for (Item i : details.newestItems()) {
            out.append("  #").append(i.sequence()).append(' ').append(i.itemId()).append(" by ").append(i.publisher())
                    .append(" at ").append(i.published()).append("\n    ").append(i.payloadXml()).append('\n');
        }
        return out.toString();
    }
}
