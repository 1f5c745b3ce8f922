-- item_expire removes a node's items published before a cutoff: index that lookup.
CREATE INDEX pubsub_item_published ON pubsub_item (node_id, published);
