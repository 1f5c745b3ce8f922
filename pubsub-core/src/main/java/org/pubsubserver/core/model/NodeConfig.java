package org.pubsubserver.core.model;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.pubsubserver.core.config.FieldSet;
import org.pubsubserver.core.config.InvalidConfigException;
import org.pubsubserver.core.config.Limits;
import org.pubsubserver.core.config.NodeConfigField;
import org.xmpp.packet.JID;

/**
 * A leaf node's configuration: a value for every {@link NodeConfigField}, each one checked. Immutable;
 * {@link #with} gives a changed copy. Stored as {@code pubsub#...} field names and values, so a new field
 * needs no schema change.
 */
public final class NodeConfig {
    private static final NodeConfig DEFAULTS = new NodeConfig(FieldSet.defaults(NodeConfigField.class));

    private final FieldSet<NodeConfigField> values;

    private NodeConfig(FieldSet<NodeConfigField> values) {
        this.values = values;
    }

    /** The configuration of a new node when nothing else is asked for. */
    public static NodeConfig defaults() {
        return DEFAULTS;
    }

    /**
     * This configuration with the submitted fields changed ({@code pubsub#...} var to value); see
     * {@link FieldSet#with}. Throws for a field the service does not support or a value it does not accept.
     */
    public NodeConfig with(Map<String, String> submitted) throws InvalidConfigException {
        return new NodeConfig(values.with(submitted));
    }

    /** The value of a field, in its normal form. */
    public String value(NodeConfigField field) {
        return values.value(field);
    }

    /** Every field's value by var, in the order of {@link NodeConfigField}. */
    public Map<String, String> toFields() {
        return values.toFields();
    }

    /**
     * The fields as stored: every field but the node graph ({@code pubsub#collection}, {@code pubsub#children}),
     * which the nodes' parent column holds (XEP-0248).
     */
    public Map<String, String> storedFields() {
        Map<String, String> fields = new LinkedHashMap<>(values.toFields());
        fields.remove(NodeConfigField.COLLECTION.var());
        fields.remove(NodeConfigField.CHILDREN.var());
        return fields;
    }

    /** This configuration as a form shows it: with the node's parent and children (XEP-0248 §impl-config). */
    public NodeConfig withGraph(String parent, List<String> children) {
        return new NodeConfig(values.withStored(Map.of(NodeConfigField.COLLECTION.var(), parent == null ? "" : parent,
                NodeConfigField.CHILDREN.var(), String.join("\n", children))));
    }

    /** Reads stored fields: unknown or no longer acceptable ones are skipped, missing ones keep the defaults. */
    public static NodeConfig fromStored(Map<String, String> stored) {
        Map<String, String> fields = new HashMap<>(stored);
        fields.remove(NodeConfigField.COLLECTION.var());
        fields.remove(NodeConfigField.CHILDREN.var());
        return new NodeConfig(DEFAULTS.values.withStored(fields));
    }

    /** This configuration with pubsub#node_type {@code leaf} or {@code collection}. */
    public NodeConfig withType(String nodeType) {
        return of(this, Map.of(NodeConfigField.NODE_TYPE.var(), nodeType));
    }

    private static NodeConfig of(NodeConfig base, Map<String, String> fields) {
        try {
            return base.with(fields);
        } catch (InvalidConfigException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** pubsub#node_type = collection (XEP-0248): the node holds nodes, never items. */
    public boolean isCollection() {
        return value(NodeConfigField.NODE_TYPE).equals("collection");
    }

    /** pubsub#children_max: the most children the collection may have. */
    public int childrenMax() {
        return Integer.parseInt(value(NodeConfigField.CHILDREN_MAX));
    }

    /** pubsub#children_association_policy: all, owners or whitelist. */
    public String childrenAssociationPolicy() {
        return value(NodeConfigField.CHILDREN_ASSOCIATION_POLICY);
    }

    /** pubsub#children_association_whitelist, as bare JIDs. */
    public Set<String> childrenAssociationWhitelist() {
        String value = value(NodeConfigField.CHILDREN_ASSOCIATION_WHITELIST);
        return value.isEmpty() ? Set.of()
                : Set.copyOf(value.lines().map(jid -> new JID(jid).toBareJID()).toList());
    }

    public AccessModel accessModel() {
        return AccessModel.fromValue(value(NodeConfigField.ACCESS_MODEL));
    }

    /** The roster groups whose members may subscribe under the "roster" access model. */
    public Set<String> rosterGroupsAllowed() {
        String value = value(NodeConfigField.ROSTER_GROUPS_ALLOWED);
        return value.isEmpty() ? Set.of() : Set.copyOf(value.lines().toList());
    }

    public PublishModel publishModel() {
        return PublishModel.fromValue(value(NodeConfigField.PUBLISH_MODEL));
    }

    /** The number of items kept; {@code max} is the service's limit. */
    public int maxItems() {
        String value = value(NodeConfigField.MAX_ITEMS);
        return value.equals("max") ? Limits.MAX_ITEMS : Integer.parseInt(value);
    }

    /** How long items are kept, or empty when they do not expire ({@code item_expire = max}). */
    public Optional<Duration> itemExpiry() {
        String value = value(NodeConfigField.ITEM_EXPIRE);
        return value.equals("max") ? Optional.empty() : Optional.of(Duration.ofSeconds(Long.parseLong(value)));
    }

    public boolean persistItems() {
        return flag(NodeConfigField.PERSIST_ITEMS);
    }

    public boolean deliverPayloads() {
        return flag(NodeConfigField.DELIVER_PAYLOADS);
    }

    public boolean deliverNotifications() {
        return flag(NodeConfigField.DELIVER_NOTIFICATIONS);
    }

    public boolean notifyRetract() {
        return flag(NodeConfigField.NOTIFY_RETRACT);
    }

    public boolean notifyConfig() {
        return flag(NodeConfigField.NOTIFY_CONFIG);
    }

    /** Whether owners are told of new subscribers and unsubscribes. */
    public boolean notifySub() {
        return flag(NodeConfigField.NOTIFY_SUB);
    }

    public boolean notifyDelete() {
        return flag(NodeConfigField.NOTIFY_DELETE);
    }

    /** purge_offline: a publisher's items go when it goes offline. */
    public boolean purgeOffline() {
        return flag(NodeConfigField.PURGE_OFFLINE);
    }

    /** tempsub: every subscription ends when its subscriber goes offline (§13.5). */
    public boolean temporarySubscriptions() {
        return flag(NodeConfigField.TEMPSUB);
    }

    public boolean subscriptionsAllowed() {
        return flag(NodeConfigField.SUBSCRIBE);
    }

    /** {@code normal} or {@code headline}: the type of notification messages. */
    public String notificationType() {
        return value(NodeConfigField.NOTIFICATION_TYPE);
    }

    /** True when item notifications name the publisher ({@code itemreply = publisher}). */
    public boolean itemReplyToPublisher() {
        return value(NodeConfigField.ITEMREPLY).equals("publisher");
    }

    /** True when a new subscriber gets the last published item (on_sub or on_sub_and_presence). */
    public boolean sendLastItemOnSubscribe() {
        return !value(NodeConfigField.SEND_LAST_PUBLISHED_ITEM).equals("never");
    }

    /** True when a subscriber who comes online gets the last published item (on_sub_and_presence). */
    public boolean sendLastItemOnPresence() {
        return value(NodeConfigField.SEND_LAST_PUBLISHED_ITEM).equals("on_sub_and_presence");
    }

    /** True when notifications go only to subscribers whose presence is available. */
    public boolean presenceBasedDelivery() {
        return flag(NodeConfigField.PRESENCE_BASED_DELIVERY);
    }

    /** publish_node_full = retract-oldest: items pushed out of a full node are retracted (and so notified). */
    public boolean retractOldestWhenFull() {
        return value(NodeConfigField.PUBLISH_NODE_FULL).equals("retract-oldest");
    }

    public boolean rejectWhenFull() {
        return value(NodeConfigField.PUBLISH_NODE_FULL).equals("reject");
    }

    /** The most items the node's archive keeps, or empty for the service's limit; 0 means no archive. */
    public OptionalInt archiveMaxItems() {
        String value = value(NodeConfigField.ARCHIVE_MAX_ITEMS);
        return value.equals("max") ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(value));
    }

    /** How long the node's archive keeps an item, or empty for the service's limit. */
    public Optional<Duration> archiveMaxAge() {
        String value = value(NodeConfigField.ARCHIVE_MAX_AGE);
        return value.equals("max") ? Optional.empty() : Optional.of(Duration.ofSeconds(Long.parseLong(value)));
    }

    public int maxPayloadSize() {
        return Integer.parseInt(value(NodeConfigField.MAX_PAYLOAD_SIZE));
    }

    /** The payload type whose items the service can render as a message body (§13.8): Atom entries. */
    public static final String ATOM = "http://www.w3.org/2005/Atom";

    /** Whether the service can give this node's notifications a body, so may offer include_body (§13.8). */
    public boolean rendersBody() {
        return ATOM.equals(type());
    }

    /** The JIDs to contact with questions, one a line in the stored value. */
    public List<String> contacts() {
        String value = value(NodeConfigField.CONTACT);
        return value.isEmpty() ? List.of() : value.lines().toList();
    }

    public String language() {
        return value(NodeConfigField.LANGUAGE);
    }

    public String title() {
        return value(NodeConfigField.TITLE);
    }

    public String description() {
        return value(NodeConfigField.DESCRIPTION);
    }

    public String type() {
        return value(NodeConfigField.TYPE);
    }

    private boolean flag(NodeConfigField field) {
        return Boolean.parseBoolean(value(field));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof NodeConfig config && config.values.equals(values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return "NodeConfig" + toFields();
    }

    /** For tests and callers that build a configuration from a few known-good values. */
    public static NodeConfig of(Map<String, String> fields) {
        try {
            return DEFAULTS.with(fields);
        } catch (InvalidConfigException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}
