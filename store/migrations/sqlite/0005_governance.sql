-- Governance: brand-wide rollups for the privacy team's charts, and the dated record of registry changes that
-- customers read as "what changed".

-- Uses per brand, day, system, purpose and action, with the consent violations among them; kept in step with
-- usage_events in the same transaction, so governance charts never scan raw events.
CREATE TABLE rollup_brand_daily (
    brand_id   INTEGER NOT NULL,
    day        INTEGER NOT NULL,
    system_id  INTEGER NOT NULL,
    purpose_id INTEGER NOT NULL,
    action     TEXT NOT NULL,
    n          INTEGER NOT NULL,
    violations INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (brand_id, day, system_id, purpose_id, action)
) WITHOUT ROWID;

INSERT INTO rollup_brand_daily (brand_id, day, system_id, purpose_id, action, n, violations)
SELECT brand_id, occurred_at / 86400, system_id, purpose_id, action, count(*), sum(consent_violation)
FROM usage_events GROUP BY 1, 2, 3, 4, 5;

-- Every change to the registry: who, when, what, and the record before and after (JSON). Append-only.
CREATE TABLE registry_changes (
    id         INTEGER PRIMARY KEY,
    brand_id   INTEGER NOT NULL REFERENCES brands(id),
    at         INTEGER NOT NULL,
    actor      TEXT NOT NULL,
    entity     TEXT NOT NULL CHECK (entity IN ('system', 'purpose', 'category', 'model_version', 'brand')),
    entity_id  INTEGER NOT NULL,
    slug       TEXT NOT NULL,
    change     TEXT NOT NULL CHECK (change IN ('created', 'updated', 'retired', 'restored')),
    before     TEXT NOT NULL DEFAULT '',
    after      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX registry_changes_brand ON registry_changes (brand_id, at DESC, id DESC);
CREATE TRIGGER registry_changes_append_only_update BEFORE UPDATE ON registry_changes
BEGIN SELECT RAISE(ABORT, 'registry changes are append-only'); END;
CREATE TRIGGER registry_changes_append_only_delete BEFORE DELETE ON registry_changes
BEGIN SELECT RAISE(ABORT, 'registry changes are append-only'); END;

-- When the customer last opened their overview, to tell them what changed since.
ALTER TABLE customers ADD COLUMN last_visit_at INTEGER;
