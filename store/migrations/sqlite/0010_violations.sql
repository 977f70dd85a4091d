-- A customer's uses of their data without the consent they needed, found without walking their events: the
-- widget and the overview list the systems that did it first, and a heavy customer has 100,000 events.
CREATE INDEX usage_events_customer_violations ON usage_events (customer_id, occurred_at) WHERE consent_violation = 1;
