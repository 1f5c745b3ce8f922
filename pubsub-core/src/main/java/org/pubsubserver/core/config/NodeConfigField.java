package org.pubsubserver.core.config;

import java.util.List;
import java.util.function.Predicate;

/**
 * The {@code pubsub#node_config} fields this service supports (XEP-0060 §17.4.4), each with its form type,
 * label, allowed options, default and check. Only fields whose behaviour the service implements are here
 * (itemreply = owner is the plain behaviour: notifications name no publisher); the form offers exactly these.
 */
public enum NodeConfigField implements FormFieldSpec {
    TITLE("pubsub#title", FieldType.TEXT_SINGLE, "A friendly name for the node", List.of(), "", v -> true),
    DESCRIPTION("pubsub#description", FieldType.TEXT_SINGLE, "A description of the node", List.of(), "", v -> true),
    /**
     * leaf or collection (XEP-0248 §createnode). A collection holds nodes, never items; a leaf may become a
     * collection (its items are purged, §change-to-collection), never the other way (§error-node-type).
     */
    NODE_TYPE("pubsub#node_type", FieldType.LIST_SINGLE, "Whether the node is a leaf (default) or a collection",
            List.of("leaf", "collection"), "leaf", null),
    /**
     * XEP-0248: the collection this node belongs to (one at most: no pubsub#multi-collections; empty for the root).
     * Not stored in the configuration: the node's parent column holds it; a form shows it, a submitted value
     * associates or dissociates (§associate-node).
     */
    COLLECTION("pubsub#collection", FieldType.TEXT_MULTI, "The collections of which this node is a child", List.of(),
            "", v -> true),
    /** XEP-0248: a collection's children; not stored either (each child's parent column says it). */
    CHILDREN("pubsub#children", FieldType.TEXT_MULTI, "The nodes of which this node is a parent", List.of(), "",
            v -> true),
    /** XEP-0248: who may associate a node with this collection. */
    CHILDREN_ASSOCIATION_POLICY("pubsub#children_association_policy", FieldType.LIST_SINGLE,
            "Who may associate child nodes with this collection", List.of("all", "owners", "whitelist"), "owners",
            null),
    CHILDREN_ASSOCIATION_WHITELIST("pubsub#children_association_whitelist", FieldType.JID_MULTI,
            "JIDs who can associate nodes to this collection", List.of(), "", null),
    CHILDREN_MAX("pubsub#children_max", FieldType.TEXT_SINGLE, "The maximum number of children for this collection",
            List.of(), Integer.toString(Limits.DEFAULT_CHILDREN), v -> Limits.isIntBetween(v, 1, Limits.MAX_CHILDREN)),
    TYPE("pubsub#type", FieldType.TEXT_SINGLE, "The semantic type information of data in the node, usually specified"
            + " by the namespace of the payload (if any)", List.of(), "", v -> true),
    LANGUAGE("pubsub#language", FieldType.TEXT_SINGLE, "The default language of the node", List.of(), "",
            v -> v.isEmpty() || v.matches("[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*")),
    CONTACT("pubsub#contact", FieldType.JID_MULTI, "The JIDs of those to contact with questions", List.of(), "", null),
    ACCESS_MODEL("pubsub#access_model", FieldType.LIST_SINGLE, "Who may subscribe and retrieve items",
            List.of("open", "presence", "roster", "authorize", "whitelist"), "open", null),
    ROSTER_GROUPS_ALLOWED("pubsub#roster_groups_allowed", FieldType.LIST_MULTI,
            "Roster groups allowed to subscribe (access model roster)", List.of(), "", null),
    PUBLISH_MODEL("pubsub#publish_model", FieldType.LIST_SINGLE, "The publisher model",
            List.of("publishers", "subscribers", "open"), "publishers", null),
    MAX_ITEMS("pubsub#max_items", FieldType.TEXT_SINGLE, "The maximum number of items to persist. `max` for no"
            + " specific limit other than a server imposed maximum", List.of(), "100",
            v -> v.equals("max") || Limits.isIntBetween(v, 1, Limits.MAX_ITEMS)),
    ITEM_EXPIRE("pubsub#item_expire", FieldType.TEXT_SINGLE, "Number of seconds after which to automatically purge"
            + " items. `max` for no specific limit other than a server imposed maximum", List.of(), "max",
            v -> v.equals("max") || Limits.isIntBetween(v, 1, Integer.MAX_VALUE)),
    PERSIST_ITEMS("pubsub#persist_items", FieldType.BOOLEAN, "Whether to persist items to storage", List.of(), "true", null),
    PUBLISH_NODE_FULL("pubsub#publish_node_full", FieldType.LIST_SINGLE,
            "Action to be performed by the service when publishing on a full node.",
            List.of("retract-oldest", "discard-oldest", "reject"), "retract-oldest", null),
    MAX_PAYLOAD_SIZE("pubsub#max_payload_size", FieldType.TEXT_SINGLE, "The maximum payload size in bytes", List.of(),
            Integer.toString(Limits.DEFAULT_PAYLOAD_BYTES), v -> Limits.isIntBetween(v, 1, Limits.MAX_PAYLOAD_BYTES)),
    DELIVER_NOTIFICATIONS("pubsub#deliver_notifications", FieldType.BOOLEAN, "Whether to deliver event notifications",
            List.of(), "true", null),
    DELIVER_PAYLOADS("pubsub#deliver_payloads", FieldType.BOOLEAN,
            "Whether to deliver payloads with event notifications; applies only to leaf nodes", List.of(), "true", null),
    NOTIFY_RETRACT("pubsub#notify_retract", FieldType.BOOLEAN,
            "Whether to notify subscribers when items are removed from the node", List.of(), "false", null),
    NOTIFY_CONFIG("pubsub#notify_config", FieldType.BOOLEAN,
            "Whether to notify subscribers when the node configuration changes", List.of(), "false", null),
    NOTIFY_SUB("pubsub#notify_sub", FieldType.BOOLEAN, "Whether to notify owners about new subscribers and unsubscribes",
            List.of(), "false", null),
    NOTIFY_DELETE("pubsub#notify_delete", FieldType.BOOLEAN, "Whether to notify subscribers when the node is deleted",
            List.of(), "true", null),
    NOTIFICATION_TYPE("pubsub#notification_type", FieldType.LIST_SINGLE, "Specify the delivery style for notifications",
            List.of("normal", "headline"), "headline", null),
    ITEMREPLY("pubsub#itemreply", FieldType.LIST_SINGLE, "Whether owners or publisher should receive replies to items",
            List.of("owner", "publisher"), "owner", null),
    PURGE_OFFLINE("pubsub#purge_offline", FieldType.BOOLEAN, "Whether to purge all items when the relevant publisher"
            + " goes offline", List.of(), "false", null),
    TEMPSUB("pubsub#tempsub", FieldType.BOOLEAN, "Whether to make all subscriptions temporary, based on subscriber"
            + " presence", List.of(), "false", null),
    SUBSCRIBE("pubsub#subscribe", FieldType.BOOLEAN, "Whether to allow subscriptions", List.of(), "true", null),
    SEND_LAST_PUBLISHED_ITEM("pubsub#send_last_published_item", FieldType.LIST_SINGLE,
            "When to send the last published item", List.of("never", "on_sub", "on_sub_and_presence"), "on_sub_and_presence", null),
    PRESENCE_BASED_DELIVERY("pubsub#presence_based_delivery", FieldType.BOOLEAN,
            "Whether to deliver notifications to available users only", List.of(), "false", null),
    /**
     * The node's archive (XEP-0313 with XEP-0442), which XEP-0060 has no field for: this service's own fields, named
     * in Clark notation as XEP-0068 asks of fields outside a registered form's. At most how many items it keeps (the
     * newest); 0 keeps none (no archive), {@code max} the service's limit, which also bounds a number given here.
     */
    ARCHIVE_MAX_ITEMS("{urn:pubsubserver:archive}max_items", FieldType.TEXT_SINGLE, "The most items the node's archive"
            + " keeps (the newest): 0 for no archive, `max` for the service's limit", List.of(), "max",
            v -> v.equals("max") || Limits.isIntBetween(v, 0, Integer.MAX_VALUE)),
    /** How long the node's archive keeps an item, in seconds; {@code max} for the service's limit, which also bounds it. */
    ARCHIVE_MAX_AGE("{urn:pubsubserver:archive}max_age", FieldType.TEXT_SINGLE, "Number of seconds the node's archive"
            + " keeps an item: `max` for the service's limit", List.of(), "max",
            v -> v.equals("max") || Limits.isIntBetween(v, 1, Integer.MAX_VALUE));

    private final FieldDef def;
    private final Predicate<String> check;

    NodeConfigField(String var, FieldType type, String label, List<String> options, String defaultValue,
                    Predicate<String> check) {
        this.def = new FieldDef(var, type, label, options, defaultValue);
        this.check = check;
    }

    @Override
    public FieldDef def() {
        return def;
    }

    @Override
    public String normalize(String value) {
        return FieldValues.normalize(def.type(), def.options(), check, value);
    }

    /** The field with this var, or null. */
    public static NodeConfigField byVar(String var) {
        for (NodeConfigField field : values()) {
            if (field.var().equals(var)) {
                return field;
            }
        }
        return null;
    }
}
