-- Events between the instances that share this database. The engine writes each committed event here (without
-- its recipients) in the transaction that commits it, and notifies the channel pubsub_events with the row's id;
-- every instance reads the rows it is told of. Rows are kept a few minutes (see PostgresEventTransport).
CREATE TABLE pubsub_event_outbox (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    created     TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
    event       BYTEA NOT NULL
);
CREATE INDEX pubsub_event_outbox_created ON pubsub_event_outbox (created);

-- Work that one instance does for all (the expiry sweep): who holds it, and until when.
CREATE TABLE pubsub_work_claim (
    work        VARCHAR(64)  NOT NULL PRIMARY KEY,
    holder      VARCHAR(200) NOT NULL,
    until       TIMESTAMP(3) WITH TIME ZONE NOT NULL
);
