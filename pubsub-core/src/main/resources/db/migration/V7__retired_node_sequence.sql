-- Where a deleted node's sequence stood. A node created again under its name continues after it, with the
-- deletion as a removal, so an SSE client resuming with an id of the old node is reset, never misled.
CREATE TABLE pubsub_node_retired (
    name        VARCHAR(1024) NOT NULL PRIMARY KEY,
    last_seq    BIGINT        NOT NULL
);
