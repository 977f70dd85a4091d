-- Agents acting for someone else: the delegation chain of an agent_access event (see the SQLite migration 0027).
-- usage_events is partitioned: the column is added on the parent and so on every partition.
ALTER TABLE usage_events ADD COLUMN act TEXT;

CREATE TABLE agent_actors (
    brand_id   BIGINT NOT NULL,
    sub        TEXT NOT NULL,
    name       TEXT NOT NULL DEFAULT '',
    type       TEXT NOT NULL DEFAULT '',
    org        TEXT NOT NULL DEFAULT '',
    first_seen BIGINT NOT NULL,
    last_seen  BIGINT NOT NULL,
    uses       BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (brand_id, sub)
);
