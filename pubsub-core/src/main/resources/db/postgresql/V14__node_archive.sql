-- The node archives (XEP-0313 with XEP-0442): every item published to a node whose archive is on, in the node's
-- sequence, kept after it was replaced, retracted, pushed out by max_items or purged, until the archive's retention
-- removes it, the oldest first. Written in the publish's own transaction (and in a group's batch).
CREATE TABLE pubsub_archive (
    node_id     BIGINT        NOT NULL REFERENCES pubsub_node (id) ON DELETE CASCADE,
    seq         BIGINT        NOT NULL,
    item_id     VARCHAR(1024) NOT NULL,
    publisher   VARCHAR(3071) NOT NULL,
    published   TIMESTAMP(3) WITH TIME ZONE NOT NULL,
    payload     TEXT          NOT NULL,
    PRIMARY KEY (node_id, seq)
);
