-- What changes with every publish to a node: its sequence, its latest removal (V6) and how many items it
-- holds. They move to a narrow row of their own, so that a publish neither rewrites the node's row with its
-- configuration (a large object) nor counts the node's items to find the ones beyond pubsub#max_items.
CREATE TABLE pubsub_node_state (
    node_id     BIGINT  NOT NULL PRIMARY KEY REFERENCES pubsub_node (id) ON DELETE CASCADE,
    last_seq    BIGINT  NOT NULL,
    removed_seq BIGINT  NOT NULL,
    item_count  INTEGER NOT NULL
);
INSERT INTO pubsub_node_state (node_id, last_seq, removed_seq, item_count)
    SELECT id, last_seq, removed_seq, (SELECT COUNT(*) FROM pubsub_item WHERE pubsub_item.node_id = pubsub_node.id)
    FROM pubsub_node;
ALTER TABLE pubsub_node DROP COLUMN last_seq;
ALTER TABLE pubsub_node DROP COLUMN removed_seq;
