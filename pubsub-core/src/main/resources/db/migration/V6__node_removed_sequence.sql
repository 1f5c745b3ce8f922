-- The highest sequence number of an item removed from the node other than by being published again under
-- its id (retracted, evicted, purged, expired). An SSE client that resumes after a sequence below it may
-- have missed something, and is told to start over (a "reset" event) instead of being replayed to.
ALTER TABLE pubsub_node ADD COLUMN removed_seq BIGINT NOT NULL DEFAULT 0;
