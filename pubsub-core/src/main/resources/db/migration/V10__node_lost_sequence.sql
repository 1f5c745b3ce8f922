-- Removals that nothing tells of (an eviction or a retract without notify under pubsub#notify_retract false,
-- purge_offline's likewise) no longer take a place in the node's sequence; the node remembers the newest place
-- of an item so removed. An SSE stream that resumes from before it missed an item that is gone, and is reset;
-- one that saw it resumes exactly, as live streams are not told either. removed_seq keeps the place of the latest
-- told removal (a retract or eviction with an event, a purge).
-- Existing rows start at 0 and keep their removed_seq: it is at or after every removal made before, told or not,
-- so a stream that resumes from before one of them is still reset, and one from after it is still exact.
ALTER TABLE pubsub_node_state ADD COLUMN lost_seq BIGINT NOT NULL DEFAULT 0;
