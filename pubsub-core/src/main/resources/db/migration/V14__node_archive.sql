-- The node archives (XEP-0313 with XEP-0442): every item published to a node whose archive is on, in the node's
-- sequence, kept after it was replaced, retracted, pushed out by max_items or purged, until the archive's retention
-- removes it, the oldest first. Written in the publish's own transaction. The foreign key comes after the primary
-- key, so that H2 walks the key's index (node_id, seq) for the node's rows (see V9).
CREATE TABLE pubsub_archive (
    node_id     BIGINT        NOT NULL,
    seq         BIGINT        NOT NULL,
    item_id     VARCHAR(1024) NOT NULL,
    publisher   VARCHAR(3071) NOT NULL,
    published   TIMESTAMP(3) WITH TIME ZONE NOT NULL,
    payload     CHARACTER LARGE OBJECT NOT NULL,
    PRIMARY KEY (node_id, seq)
);
ALTER TABLE pubsub_archive ADD CONSTRAINT pubsub_archive_node FOREIGN KEY (node_id)
    REFERENCES pubsub_node (id) ON DELETE CASCADE;
