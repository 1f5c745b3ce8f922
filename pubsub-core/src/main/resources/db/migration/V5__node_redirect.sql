-- Where a deleted node went (XEP-0060 §8.4.1): requests for its name are answered with <gone/> and this
-- URI (§6.1.3.11) until a node of that name is created again.
CREATE TABLE pubsub_node_redirect (
    name        VARCHAR(1024) NOT NULL PRIMARY KEY,
    uri         VARCHAR(3071) NOT NULL
);
