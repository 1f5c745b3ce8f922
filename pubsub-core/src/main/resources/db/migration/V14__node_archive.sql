-- The node archives (XEP-0313 with XEP-0442): every item published to a node whose archive is on, in the node's
-- sequence, kept after it was replaced, retracted, pushed out by max_items or purged, until the archive's retention
-- removes it, the oldest first. Written in the publish's own transaction. No foreign key: H2 would give it an index
-- of its own (node_id), one more to write with every archived item; the store deletes a node's archive with the node.
CREATE TABLE pubsub_archive (
    node_id     BIGINT        NOT NULL,
    seq         BIGINT        NOT NULL,
    item_id     VARCHAR(1024) NOT NULL,
    publisher   VARCHAR(3071) NOT NULL,
    published   TIMESTAMP(3) WITH TIME ZONE NOT NULL,
    payload     CHARACTER LARGE OBJECT NOT NULL,
    PRIMARY KEY (node_id, seq)
);
