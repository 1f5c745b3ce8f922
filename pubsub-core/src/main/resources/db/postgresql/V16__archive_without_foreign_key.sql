-- The archive's foreign key checked every archived row against pubsub_node at insert (a trigger and a lookup per
-- row), the cost an archived publish paid most on PostgreSQL. The store deletes a node's archive with the node, in
-- the same transaction (as on H2, whose archive never had one), so the key only guarded what the code already does.
ALTER TABLE pubsub_archive DROP CONSTRAINT pubsub_archive_node_id_fkey;
