-- Collection nodes (XEP-0248): the collection a node belongs to, by name; null for a node directly below the root
-- (every node before this version). One parent per node: the service does not offer pubsub#multi-collections.
-- No foreign key: deleting a collection dissociates its children in the same transaction (the use case sets their
-- parent to null, so that each child's cached node is invalidated and its version raised).
ALTER TABLE pubsub_node ADD COLUMN parent VARCHAR(1024);
CREATE INDEX pubsub_node_parent ON pubsub_node (parent);
