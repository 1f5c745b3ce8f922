-- Subscription options (XEP-0060 §6.3), stored as pubsub#... field values like node configuration.
ALTER TABLE pubsub_subscription ADD COLUMN options CHARACTER LARGE OBJECT DEFAULT '' NOT NULL;
