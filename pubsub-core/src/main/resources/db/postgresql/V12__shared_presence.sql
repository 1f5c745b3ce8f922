-- Presence the instances share (see PostgresSharedPresence): each available resource of a bare JID with its show
-- value, as the instance that the XMPP server handed the presence to saw it. The first instance of a service to
-- start empties it: presence from before is stale.
CREATE TABLE pubsub_presence (
    bare_jid    VARCHAR(2047) NOT NULL,
    resource    VARCHAR(1023) NOT NULL,
    show        VARCHAR(16)   NOT NULL,
    updated     TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
    PRIMARY KEY (bare_jid, resource)
);
