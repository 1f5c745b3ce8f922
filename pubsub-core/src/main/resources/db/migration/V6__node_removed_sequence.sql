-- The place in the node's sequence of the latest removal of items other than by publishing them again under
-- their ids (retract, eviction, purge; each removal takes the next place). An SSE client that resumes
-- from before it missed something, and is told to start over (a "reset" event) instead of being replayed to.
ALTER TABLE pubsub_node ADD COLUMN removed_seq BIGINT NOT NULL DEFAULT 0;
