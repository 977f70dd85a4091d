-- Keeping only what is needed: the raw events of each AI system are deleted once older than the system's
-- retention (vitrine retention run, and a daily job of vitrine serve), while the rollups keep the counts; and an
-- erasure request, once done, deletes the customer's personal data but for the proofs the law makes the brand keep.

-- Per brand and system, the instant before which raw events were deleted for retention (the latest run's limit):
-- rollups of days before it legitimately count more than the raw events left, so VerifyRollups compares only
-- the days from it on. Keyed by brand first, like every tenant table.
CREATE TABLE retention_marks (
    brand_id       INTEGER NOT NULL,
    system_id      INTEGER NOT NULL,
    retained_since INTEGER NOT NULL, -- Unix seconds: raw events before it were removed
    PRIMARY KEY (brand_id, system_id)
) WITHOUT ROWID;

-- The brand-wide counts of the events erased with their customer (no customer in it): the brand's daily, monthly
-- and all-time counts keep them, and VerifyRollups checks those counts against the raw events plus these.
CREATE TABLE erased_usage_daily (
    brand_id   INTEGER NOT NULL,
    day        INTEGER NOT NULL,
    system_id  INTEGER NOT NULL,
    purpose_id INTEGER NOT NULL,
    action     TEXT NOT NULL,
    n          INTEGER NOT NULL,
    violations INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (brand_id, day, system_id, purpose_id, action)
) WITHOUT ROWID;

-- When the customer's data was erased at their request (NULL: never): their page and the staff view say so, and
-- what was kept.
ALTER TABLE customers ADD COLUMN erased_at INTEGER;

-- The retention run walks one system's oldest events; the other indexes all start with the customer.
CREATE INDEX usage_events_system_time ON usage_events (brand_id, system_id, occurred_at, id);
