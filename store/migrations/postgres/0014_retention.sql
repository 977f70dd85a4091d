-- Retention marks, erased counts and the customer's erasure time, as in migrations/sqlite/0024.
CREATE TABLE retention_marks (
    brand_id       BIGINT NOT NULL,
    system_id      BIGINT NOT NULL,
    retained_since BIGINT NOT NULL,
    PRIMARY KEY (brand_id, system_id)
);

CREATE TABLE erased_usage_daily (
    brand_id   BIGINT NOT NULL,
    day        BIGINT NOT NULL,
    system_id  BIGINT NOT NULL,
    purpose_id BIGINT NOT NULL,
    action     TEXT NOT NULL,
    n          BIGINT NOT NULL,
    violations BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (brand_id, day, system_id, purpose_id, action)
);

ALTER TABLE customers ADD COLUMN erased_at BIGINT;

CREATE INDEX usage_events_system_time ON usage_events (brand_id, system_id, occurred_at, id);
