package org.pubsubserver.core.model;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A leaf node's configuration. Stored as the pubsub#node_config field names and values, so that later
 * fields need no schema change.
 */
public record NodeConfig(
        AccessModel accessModel,
        PublishModel publishModel,
        int maxItems,
        boolean persistItems,
        boolean deliverPayloads,
        String title) {

    public NodeConfig {
        Objects.requireNonNull(accessModel, "accessModel");
        Objects.requireNonNull(publishModel, "publishModel");
        if (maxItems < 1) {
            throw new IllegalArgumentException("max_items must be at least 1, was " + maxItems);
        }
        title = title == null ? "" : title;
    }

    /** The defaults of a new leaf node when nothing else is configured. */
    public static NodeConfig defaults() {
        return new NodeConfig(AccessModel.OPEN, PublishModel.PUBLISHERS, 100, true, true, "");
    }

    public NodeConfig withMaxItems(int value) {
        return new NodeConfig(accessModel, publishModel, value, persistItems, deliverPayloads, title);
    }

    public NodeConfig withAccessModel(AccessModel value) {
        return new NodeConfig(value, publishModel, maxItems, persistItems, deliverPayloads, title);
    }

    public NodeConfig withPublishModel(PublishModel value) {
        return new NodeConfig(accessModel, value, maxItems, persistItems, deliverPayloads, title);
    }

    /** The configuration as pubsub#node_config field names and values. */
    public Map<String, String> toFields() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("pubsub#access_model", accessModel.value());
        fields.put("pubsub#publish_model", publishModel.value());
        fields.put("pubsub#max_items", Integer.toString(maxItems));
        fields.put("pubsub#persist_items", Boolean.toString(persistItems));
        fields.put("pubsub#deliver_payloads", Boolean.toString(deliverPayloads));
        fields.put("pubsub#title", title);
        return fields;
    }

    /** Reads fields written by {@link #toFields()}; a missing field takes the value of {@code base}. */
    public static NodeConfig fromFields(Map<String, String> fields, NodeConfig base) {
        return new NodeConfig(
                fields.containsKey("pubsub#access_model")
                        ? AccessModel.fromValue(fields.get("pubsub#access_model")) : base.accessModel(),
                fields.containsKey("pubsub#publish_model")
                        ? PublishModel.fromValue(fields.get("pubsub#publish_model")) : base.publishModel(),
                fields.containsKey("pubsub#max_items")
                        ? Integer.parseInt(fields.get("pubsub#max_items")) : base.maxItems(),
                fields.containsKey("pubsub#persist_items")
                        ? Boolean.parseBoolean(fields.get("pubsub#persist_items")) : base.persistItems(),
                fields.containsKey("pubsub#deliver_payloads")
                        ? Boolean.parseBoolean(fields.get("pubsub#deliver_payloads")) : base.deliverPayloads(),
                fields.getOrDefault("pubsub#title", base.title()));
    }
}
