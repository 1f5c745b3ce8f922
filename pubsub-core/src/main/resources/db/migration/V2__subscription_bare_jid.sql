-- Retrieving an entity's subscriptions (XEP-0060 §5.6) matches on the bare JID of the requester, while a
-- subscription may be for a full JID: keep the bare JID beside it, indexed.

ALTER TABLE pubsub_subscription ADD COLUMN bare_jid VARCHAR(3071);

UPDATE pubsub_subscription
   SET bare_jid = CASE WHEN LOCATE('/', jid) > 0 THEN LEFT(jid, LOCATE('/', jid) - 1) ELSE jid END;

ALTER TABLE pubsub_subscription ALTER COLUMN bare_jid SET NOT NULL;

CREATE INDEX pubsub_subscription_bare_jid ON pubsub_subscription (bare_jid);
CREATE INDEX pubsub_affiliation_jid ON pubsub_affiliation (jid);
