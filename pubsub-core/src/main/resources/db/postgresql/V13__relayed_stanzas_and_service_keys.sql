-- Stanzas one instance received that concern the others (see PostgresStanzaRelay): each row is notified by id on
-- the channel pubsub_stanzas and read back by every other instance; rows are deleted after a minute.
CREATE TABLE pubsub_relayed_stanza (
    id          BIGSERIAL PRIMARY KEY,
    origin      VARCHAR(1023) NOT NULL,
    stanza      TEXT          NOT NULL,
    created     TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now()
);

-- Keys every instance of the service uses alike (the key that signs the SSE tokens): the first instance to start
-- stores its own, and every instance uses the stored one.
CREATE TABLE pubsub_service_key (
    name        VARCHAR(64) PRIMARY KEY,
    key_bytes   BYTEA       NOT NULL
);
